import { Button, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Label } from '@telegraf-controller/contract/labels';
import { IconSearch, IconTags, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { BulkBar } from '../../ui/BulkBar';
import { EmptyState } from '../../ui/EmptyState';
import { PagedTable } from '../../ui/PagedTable';
import { useLastPresent } from '../../ui/use-last-present';
import { useSelection } from '../../ui/use-selection';
import { LabelDeleteDialog } from './LabelDeleteDialog';
import { LabelFormModal } from './LabelFormModal';
import { LabelTableRow } from './LabelTableRow';
import { useLabels } from './labels.queries';

const SEARCH_DELAY_MS = 300;

type LabelsTableProps = { canWrite: boolean; canDelete: boolean; onAdd?: () => void };

/** The labels by name, searched and paginated by the server, with edit, row and bulk deletion. */
export function LabelsTable({ canWrite, canDelete, onAdd }: LabelsTableProps) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [editing, setEditing] = useState<Label | null>(null);
  const [deleting, setDeleting] = useState<Label[] | null>(null);
  const shownDeleting = useLastPresent(deleting);
  const labels = useLabels(debouncedSearch);
  const rows = labels.data?.pages.flatMap((page) => page.items) ?? [];
  const total = labels.data?.pages[0]?.total ?? 0;
  const selection = useSelection(rows);

  if (labels.isSuccess && total === 0 && !debouncedSearch) {
    return (
      <EmptyState
        icon={IconTags}
        title="No labels yet"
        action={
          onAdd && (
            <Button variant="light" onClick={onAdd}>
              Add the first label
            </Button>
          )
        }
      >
        A label, such as production or site:berlin, groups configurations, config groups and agents, so lists can be
        filtered by it and many items changed at once.
      </EmptyState>
    );
  }

  return (
    <Stack gap="sm">
      <TextInput
        aria-label="Search labels"
        placeholder="Search name or description"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          selection.clear();
        }}
        w={320}
      />
      {selection.selected.length > 0 && (
        <BulkBar count={selection.selected.length} onClear={selection.clear}>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={() => setDeleting(selection.selected)}
          >
            Delete labels
          </Button>
        </BulkBar>
      )}
      <PagedTable
        query={labels}
        label="Labels"
        what="the labels"
        minWidth={760}
        selectAll={canDelete ? { label: 'Select all shown labels', props: selection.allProps } : undefined}
        head={
          <>
            <Table.Th>Label</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th w={90}>Configs</Table.Th>
            <Table.Th w={90}>Groups</Table.Th>
            <Table.Th w={90}>Agents</Table.Th>
          </>
        }
        noMatch={`No label matches “${debouncedSearch}”.`}
      >
        {rows.map((label) => (
          <LabelTableRow
            key={label.id}
            label={label}
            selectable={canDelete}
            selected={selection.isSelected(label.id)}
            onSelect={(on) => selection.select([label.id], on)}
            onEdit={canWrite ? () => setEditing(label) : undefined}
            onDelete={canDelete ? () => setDeleting([label]) : undefined}
          />
        ))}
      </PagedTable>
      <LabelFormModal label={editing} opened={editing !== null} onClose={() => setEditing(null)} />
      <LabelDeleteDialog
        labels={shownDeleting ?? []}
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        onDeleted={() =>
          deleting &&
          selection.select(
            deleting.map((label) => label.id),
            false,
          )
        }
      />
    </Stack>
  );
}
