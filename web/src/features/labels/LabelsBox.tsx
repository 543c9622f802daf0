import { ActionIcon, Button, Card, Group, Popover, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { FormError } from '../../ui/FormError';
import { useLastPresent } from '../../ui/use-last-present';
import { useCan } from '../auth/use-can';
import { LabelChip } from './LabelChip';
import { LabelMultiSelect } from './LabelMultiSelect';
import { useAssignLabels, useUnassignLabel, type LabelledResource } from './labels.queries';

type LabelsBoxProps = {
  resource: LabelledResource;
  item: { id: string; name: string; labels: LabelRef[] };
  canWrite: boolean;
};

/** One item's labels as chips: ✕ removes one after confirmation, ⊕ adds labels it does not carry yet. */
export function LabelsBox({ resource, item, canWrite }: LabelsBoxProps) {
  const [removing, setRemoving] = useState<LabelRef | null>(null);
  const shownRemoving = useLastPresent(removing);
  const unassign = useUnassignLabel(resource, item.id);
  // Choosing labels to add lists them, which labels:read allows.
  const canPick = useCan('labels:read');

  const closeRemove = () => {
    setRemoving(null);
    unassign.reset();
  };
  const confirmRemove = () => {
    if (!removing) return;
    unassign.mutate(removing.id, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: 'Label removed',
          message: `${item.name} no longer carries ${removing.name}.`,
        });
        closeRemove();
      },
    });
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="labels-heading">
      <Title order={2} fz="h4" id="labels-heading">
        Labels
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Labels group {resource.noun.many} for filtering and for acting on many at once.
      </Text>
      <Group gap="xs" aria-label={`Labels of ${item.name}`} role="list">
        {item.labels.map((label) => (
          <div role="listitem" key={label.id}>
            <LabelChip label={label} onRemove={canWrite ? () => setRemoving(label) : undefined} />
          </div>
        ))}
        {item.labels.length === 0 && (
          <Text size="sm" c="dimmed">
            No labels yet.
          </Text>
        )}
        {canWrite && canPick && <AddLabels resource={resource} item={item} />}
      </Group>
      <ConfirmModal
        opened={removing !== null}
        onClose={closeRemove}
        title="Remove label"
        confirmLabel="Remove"
        color="red"
        onConfirm={confirmRemove}
        loading={unassign.isPending}
        error={unassign.error}
      >
        <Text size="sm">
          <b>{item.name}</b> will no longer carry the label <b>{shownRemoving?.name}</b>. Lists filtered by it stop
          showing this {resource.noun.one}. The label itself stays.
        </Text>
      </ConfirmModal>
    </Card>
  );
}

/** ⊕: a picker of the labels the item does not carry, and a button that attaches the chosen ones. */
function AddLabels({ resource, item }: Omit<LabelsBoxProps, 'canWrite'>) {
  const [opened, setOpened] = useState(false);
  const [chosen, setChosen] = useState<LabelRef[]>([]);
  const assign = useAssignLabels(resource, item.id);

  const close = () => {
    setOpened(false);
    setChosen([]);
    assign.reset();
  };
  const confirm = () =>
    assign.mutate(
      chosen.map((label) => label.id),
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: chosen.length === 1 ? 'Label added' : `${chosen.length} labels added`,
            message: `${item.name} now carries ${chosen.map((label) => label.name).join(', ')}.`,
          });
          close();
        },
      },
    );

  return (
    <Popover opened={opened} onChange={(next) => (next ? setOpened(true) : close())} width={340} trapFocus>
      <Popover.Target>
        <Tooltip label="Add labels">
          <ActionIcon variant="light" radius="xl" aria-label="Add labels" onClick={() => setOpened(!opened)}>
            <IconPlus size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown aria-label="Add labels" role="dialog">
        <Stack gap="sm">
          <FormError error={assign.error} title="The labels were not added" />
          <LabelMultiSelect
            value={chosen}
            onChange={setChosen}
            ariaLabel="Labels to add"
            label="Labels to add"
            placeholder="Search labels"
            exclude={item.labels.map((label) => label.id)}
            withinPortal={false}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" size="xs" onClick={close} disabled={assign.isPending}>
              Cancel
            </Button>
            <Button size="xs" onClick={confirm} disabled={chosen.length === 0} loading={assign.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
