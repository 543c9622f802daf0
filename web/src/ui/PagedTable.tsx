import { Card, Checkbox, Table, Text, type CheckboxProps } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ApiError } from '../api';
import { LoadMoreFooter } from './LoadMoreFooter';
import { QueryError } from './QueryError';

type Page = { items: readonly unknown[]; total: number };

type PagedTableProps = {
  /** A list read page by page from the server (`{items, nextCursor, total}`). */
  query: UseInfiniteQueryResult<InfiniteData<Page>, ApiError>;
  /** The table's accessible name, e.g. "Labels". */
  label: string;
  /** What failed to load, e.g. "the labels". */
  what: string;
  minWidth: number;
  /** The header checkbox, when rows can be selected. */
  selectAll?: { label: string; props: Pick<CheckboxProps, 'checked' | 'indeterminate' | 'disabled' | 'onChange'> };
  /** The header cells after the checkbox. */
  head: ReactNode;
  /** Whether the rows end with a ⋮ menu, which gets an empty header cell. */
  rowMenus?: boolean;
  /** Shown under the header when no row matches. */
  noMatch: ReactNode;
  /** The rows. */
  children: ReactNode;
};

/** A server-paginated table: its loading and error states, the rows, and "Showing n of total" with Load more. */
export function PagedTable(props: PagedTableProps) {
  const { query, label, what, minWidth, selectAll, head, rowMenus = true, noMatch, children } = props;
  const shown = query.data?.pages.reduce((count, page) => count + page.items.length, 0) ?? 0;
  const total = query.data?.pages[0]?.total ?? 0;
  return (
    <>
      {query.error && <QueryError error={query.error} what={what} onRetry={() => void query.refetch()} />}
      {query.isPending && (
        <Text c="dimmed" size="sm">
          Loading {what.replace(/^the /, '')}…
        </Text>
      )}
      {query.data && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={minWidth}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={label} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  {selectAll && (
                    <Table.Th w={40}>
                      <Checkbox aria-label={selectAll.label} {...selectAll.props} />
                    </Table.Th>
                  )}
                  {head}
                  {rowMenus && <Table.Th w={48} aria-label="Actions" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{children}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {shown === 0 && (
            <Text c="dimmed" size="sm" p="md">
              {noMatch}
            </Text>
          )}
        </Card>
      )}
      <LoadMoreFooter
        shown={shown}
        total={total}
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
      />
    </>
  );
}
