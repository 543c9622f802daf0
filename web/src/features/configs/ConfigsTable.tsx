import { Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { IconFileText, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { QueryError } from '../../ui/QueryError';
import { useLastPresent } from '../../ui/use-last-present';
import { ConfigBulkBar } from './ConfigBulkBar';
import { ConfigDeleteDialog } from './ConfigDeleteDialog';
import { ConfigTableRow } from './ConfigTableRow';
import { useConfigs, type ConfigFilters } from './configs.queries';

const SEARCH_DELAY_MS = 300;
const SORTS: { value: string; label: string; sort: Omit<ConfigFilters, 'search'> }[] = [
  { value: 'updated-desc', label: 'Recently updated', sort: { sortBy: 'updatedAt', sortOrder: 'desc' } },
  { value: 'updated-asc', label: 'Least recently updated', sort: { sortBy: 'updatedAt', sortOrder: 'asc' } },
  { value: 'name-asc', label: 'Name A–Z', sort: { sortBy: 'name', sortOrder: 'asc' } },
  { value: 'name-desc', label: 'Name Z–A', sort: { sortBy: 'name', sortOrder: 'desc' } },
  { value: 'created-desc', label: 'Newest first', sort: { sortBy: 'createdAt', sortOrder: 'desc' } },
  { value: 'created-asc', label: 'Oldest first', sort: { sortBy: 'createdAt', sortOrder: 'asc' } },
];

type ConfigsTableProps = { canWrite: boolean; canDelete: boolean };

/** The configurations, searched, sorted and paginated by the server, with row and bulk deletion. */
export function ConfigsTable({ canWrite, canDelete }: ConfigsTableProps) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [sortKey, setSortKey] = useState('updated-desc');
  const [selectedIds, setSelectedIds] = useState<ReadonlySet<string>>(new Set());
  const [deleting, setDeleting] = useState<ConfigSummary | null>(null);
  const shownDeleting = useLastPresent(deleting);
  const sort = (SORTS.find((option) => option.value === sortKey) ?? SORTS[0]!).sort;
  const configs = useConfigs({ search: debouncedSearch, ...sort });
  const rows = configs.data?.pages.flatMap((page) => page.items) ?? [];
  const total = configs.data?.pages[0]?.total ?? 0;
  const selected = rows.filter((config) => selectedIds.has(config.id));

  const select = (ids: string[], on: boolean) =>
    setSelectedIds((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  if (configs.isSuccess && total === 0 && !debouncedSearch) {
    return (
      <EmptyState
        icon={IconFileText}
        title="No configurations yet"
        action={
          canWrite && (
            <Button component={Link} to="/configs/new" variant="light">
              Add the first configuration
            </Button>
          )
        }
      >
        A configuration is Telegraf TOML that agents load from the controller by URL. Parameters, constants, environment
        variables and secrets keep one file usable by many agents.
      </EmptyState>
    );
  }

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <TextInput
          aria-label="Search configurations"
          placeholder="Search name or description"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setSelectedIds(new Set());
          }}
          w={300}
        />
        <Select
          aria-label="Sort"
          data={SORTS.map(({ value, label }) => ({ value, label }))}
          value={sortKey}
          onChange={(value) => value && setSortKey(value)}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {selected.length > 0 && <ConfigBulkBar selected={selected} onClear={() => setSelectedIds(new Set())} />}
      {configs.error && (
        <QueryError error={configs.error} what="the configurations" onRetry={() => void configs.refetch()} />
      )}
      {configs.isPending && (
        <Text c="dimmed" size="sm">
          Loading configurations…
        </Text>
      )}
      {configs.data && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Configurations" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  {canDelete && (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Select all shown configurations"
                        checked={rows.length > 0 && selected.length === rows.length}
                        indeterminate={selected.length > 0 && selected.length < rows.length}
                        disabled={rows.length === 0}
                        onChange={(event) =>
                          select(
                            rows.map((config) => config.id),
                            event.currentTarget.checked,
                          )
                        }
                      />
                    </Table.Th>
                  )}
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th w={90}>Version</Table.Th>
                  <Table.Th w={200}>Updated</Table.Th>
                  <Table.Th w={48} aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((config) => (
                  <ConfigTableRow
                    key={config.id}
                    config={config}
                    selectable={canDelete}
                    selected={selectedIds.has(config.id)}
                    onSelect={(on) => select([config.id], on)}
                    onDelete={canDelete ? () => setDeleting(config) : undefined}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length === 0 && (
            <Text c="dimmed" size="sm" p="md">
              No configuration matches “{debouncedSearch}”.
            </Text>
          )}
        </Card>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Showing {rows.length} of {total}
          </Text>
          {configs.hasNextPage && (
            <Button variant="default" onClick={() => void configs.fetchNextPage()} loading={configs.isFetchingNextPage}>
              Load more
            </Button>
          )}
        </Group>
      )}
      <ConfigDeleteDialog
        configs={shownDeleting ? [shownDeleting] : []}
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        onDeleted={() => deleting && select([deleting.id], false)}
      />
    </Stack>
  );
}
