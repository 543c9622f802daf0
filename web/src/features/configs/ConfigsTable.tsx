import { Stack, Table } from '@mantine/core';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { useState } from 'react';
import { FirstRunSteps } from '../onboarding/FirstRunSteps';
import { PagedTable } from '../../ui/PagedTable';
import { useLastPresent } from '../../ui/use-last-present';
import { useSelection } from '../../ui/use-selection';
import { useCan } from '../auth/use-can';
import { ConfigBulkBar } from './ConfigBulkBar';
import { ConfigDeleteDialog } from './ConfigDeleteDialog';
import { ConfigListFilterBar, useConfigListFilters } from './ConfigListFilters';
import { ConfigTableRow } from './ConfigTableRow';
import { useConfigs } from './configs.queries';

type ConfigsTableProps = { canWrite: boolean; canDelete: boolean };

/** The configurations, searched, filtered by label, sorted and paginated by the server, with row and bulk actions. */
export function ConfigsTable({ canWrite, canDelete }: ConfigsTableProps) {
  const list = useConfigListFilters('updated-desc');
  const canReadLabels = useCan('labels:read');
  const [deleting, setDeleting] = useState<ConfigSummary | null>(null);
  const shownDeleting = useLastPresent(deleting);
  const configs = useConfigs(list.filters);
  const rows = configs.data?.pages.flatMap((page) => page.items) ?? [];
  const total = configs.data?.pages[0]?.total ?? 0;
  const selection = useSelection(rows);
  const selectable = (canWrite && canReadLabels) || canDelete;

  if (configs.isSuccess && total === 0 && !list.filtered) {
    return <FirstRunSteps title="No configurations yet" />;
  }

  return (
    <Stack gap="sm">
      <ConfigListFilterBar
        state={list}
        searchLabel="Search configurations"
        placeholder="Search name or description"
        onChange={selection.clear}
      />
      {selection.selected.length > 0 && (
        <ConfigBulkBar
          selected={selection.selected}
          onClear={selection.clear}
          canManageLabels={canWrite && canReadLabels}
          canDelete={canDelete}
        />
      )}
      <PagedTable
        query={configs}
        label="Configurations"
        what="the configurations"
        minWidth={900}
        selectAll={selectable ? { label: 'Select all shown configurations', props: selection.allProps } : undefined}
        head={
          <>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Labels</Table.Th>
            <Table.Th w={90}>Version</Table.Th>
            <Table.Th w={90}>Agents</Table.Th>
            <Table.Th w={200}>Updated</Table.Th>
          </>
        }
        noMatch={list.noMatch('configuration')}
      >
        {rows.map((config) => (
          <ConfigTableRow
            key={config.id}
            config={config}
            selectable={selectable}
            selected={selection.isSelected(config.id)}
            onSelect={(on) => selection.select([config.id], on)}
            onDelete={canDelete ? () => setDeleting(config) : undefined}
          />
        ))}
      </PagedTable>
      <ConfigDeleteDialog
        configs={shownDeleting ? [shownDeleting] : []}
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        onDeleted={() => deleting && selection.select([deleting.id], false)}
      />
    </Stack>
  );
}
