import { Button, Stack, Table } from '@mantine/core';
import { IconStack2 } from '@tabler/icons-react';
import { BulkBar } from '../../ui/BulkBar';
import { EmptyState } from '../../ui/EmptyState';
import { PagedTable } from '../../ui/PagedTable';
import { useSelection } from '../../ui/use-selection';
import { useCan } from '../auth/use-can';
import { ConfigListFilterBar, useConfigListFilters } from '../configs/ConfigListFilters';
import { ManageLabelsAction } from '../labels/ManageLabelsAction';
import { ConfigGroupTableRow } from './ConfigGroupTableRow';
import { CONFIG_GROUP_LABELS, useConfigGroups } from './config-groups.queries';

type ConfigGroupsTableProps = { canWrite: boolean; onAdd: () => void };

/**
 * The groups, searched (name, description, member names), filtered by label, sorted and paginated by the server;
 * writers select rows to label many at once.
 */
export function ConfigGroupsTable({ canWrite, onAdd }: ConfigGroupsTableProps) {
  const list = useConfigListFilters('name-asc');
  const groups = useConfigGroups(list.filters);
  const rows = groups.data?.pages.flatMap((page) => page.items) ?? [];
  const total = groups.data?.pages[0]?.total ?? 0;
  const selection = useSelection(rows);
  const canReadLabels = useCan('labels:read');
  const selectable = canWrite && canReadLabels;

  if (groups.isSuccess && total === 0 && !list.filtered) {
    return (
      <EmptyState
        icon={IconStack2}
        title="No config groups yet"
        action={
          canWrite && (
            <Button variant="light" onClick={onAdd}>
              Add the first config group
            </Button>
          )
        }
      >
        A config group merges existing configurations, in an order you choose, into one TOML document. Agents load it by
        one URL, so shared settings live in one configuration instead of being copied into many.
      </EmptyState>
    );
  }

  return (
    <Stack gap="sm">
      <ConfigListFilterBar
        state={list}
        searchLabel="Search config groups"
        placeholder="Search name, description or member"
        onChange={selection.clear}
      />
      {selection.selected.length > 0 && (
        <BulkBar count={selection.selected.length} onClear={selection.clear}>
          <ManageLabelsAction resource={CONFIG_GROUP_LABELS} items={selection.selected} />
        </BulkBar>
      )}
      <PagedTable
        query={groups}
        label="Config groups"
        what="the config groups"
        minWidth={820}
        selectAll={selectable ? { label: 'Select all shown config groups', props: selection.allProps } : undefined}
        head={
          <>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th w={100}>Members</Table.Th>
            <Table.Th w={90}>Agents</Table.Th>
            <Table.Th>Labels</Table.Th>
            <Table.Th>Aliases</Table.Th>
            <Table.Th w={180}>Updated</Table.Th>
          </>
        }
        rowMenus={false}
        noMatch={list.noMatch('config group')}
      >
        {rows.map((group) => (
          <ConfigGroupTableRow
            key={group.id}
            group={group}
            selectable={selectable}
            selected={selection.isSelected(group.id)}
            onSelect={(on) => selection.select([group.id], on)}
          />
        ))}
      </PagedTable>
    </Stack>
  );
}
