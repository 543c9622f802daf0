import { Table } from '@mantine/core';
import { PagedTable } from '../../ui/PagedTable';
import type { ErrorPatternFilters } from './error-pattern-filters';
import { useErrorPatterns } from './error-patterns.queries';
import { ErrorPatternTableRow } from './ErrorPatternTableRow';

type ErrorPatternsTableProps = {
  filters: ErrorPatternFilters;
  /** Whether the filters narrow the list, which changes what an empty list means. */
  filtered: boolean;
};

/** The patterns the filters match, most recently seen first, read from the server a page at a time. */
export function ErrorPatternsTable({ filters, filtered }: ErrorPatternsTableProps) {
  const patterns = useErrorPatterns(filters);
  const rows = patterns.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <PagedTable
      query={patterns}
      label="Error patterns"
      what="the error patterns"
      minWidth={1000}
      rowMenus={false}
      head={
        <>
          <Table.Th w={40} aria-label="Latest message" />
          <Table.Th w={130}>Level</Table.Th>
          <Table.Th w={180}>Source</Table.Th>
          <Table.Th>Pattern</Table.Th>
          <Table.Th w={80} ta="right">
            Agents
          </Table.Th>
          <Table.Th w={120} ta="right">
            Occurrences
          </Table.Th>
          <Table.Th w={140}>First seen</Table.Th>
          <Table.Th w={140}>Last seen</Table.Th>
        </>
      }
      noMatch={
        filtered ? (
          'No pattern matches these filters.'
        ) : (
          <>
            No agent has reported an error or a warning. Agents send theirs with <code>&quot;logs&quot;</code> in the{' '}
            <code>include</code> of their <code>[[outputs.heartbeat]]</code> section (Telegraf 1.38.0 or later).
          </>
        )
      }
    >
      {rows.map((pattern) => (
        <ErrorPatternTableRow key={pattern.id} pattern={pattern} />
      ))}
    </PagedTable>
  );
}
