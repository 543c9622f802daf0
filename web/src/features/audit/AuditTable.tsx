import { Table } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { PagedTable } from '../../ui/PagedTable';
import type { AuditFilters } from './audit-filters';
import { useAuditEntries } from './audit.queries';
import { AuditTableRow } from './AuditTableRow';

type AuditTableProps = { filters: AuditFilters; onOpen: (entry: AuditEntry) => void };

/** The entries the filters match, newest first, read from the server a page at a time. */
export function AuditTable({ filters, onOpen }: AuditTableProps) {
  const entries = useAuditEntries(filters);
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <PagedTable
      query={entries}
      label="Audit log"
      what="the audit log"
      minWidth={1000}
      rowMenus={false}
      head={
        <>
          <Table.Th w={80}>Seq</Table.Th>
          <Table.Th w={140}>Time</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th w={120}>Outcome</Table.Th>
          <Table.Th>Actor</Table.Th>
          <Table.Th>Target</Table.Th>
          <Table.Th w={140}>IP</Table.Th>
        </>
      }
      noMatch="No entry matches these filters."
    >
      {rows.map((entry) => (
        <AuditTableRow key={entry.seq} entry={entry} onOpen={() => onOpen(entry)} />
      ))}
    </PagedTable>
  );
}
