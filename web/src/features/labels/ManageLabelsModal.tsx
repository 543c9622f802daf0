import { Button, Group, Modal, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { useState } from 'react';
import { FormError } from '../../ui/FormError';
import { LabelMultiSelect } from './LabelMultiSelect';
import { useBulkLabels, type LabelledResource } from './labels.queries';

type Mode = 'assign' | 'remove';

type ManageLabelsModalProps = {
  resource: LabelledResource;
  items: { id: string; name: string; labels: LabelRef[] }[];
  opened: boolean;
  onClose: () => void;
};

/** Attaches labels to, or takes them off, many items in one request; says how many attachments changed. */
export function ManageLabelsModal({ resource, items, opened, onClose }: ManageLabelsModalProps) {
  const [mode, setMode] = useState<Mode>('assign');
  const [chosen, setChosen] = useState<Record<Mode, LabelRef[]>>({ assign: [], remove: [] });
  const bulk = useBulkLabels(resource);
  const count = `${items.length} ${items.length === 1 ? resource.noun.one : resource.noun.many}`;
  const carried = [...new Map(items.flatMap((item) => item.labels).map((label) => [label.id, label])).values()].sort(
    (a, b) => a.name.localeCompare(b.name),
  );
  const labels = chosen[mode];

  const close = () => {
    setChosen({ assign: [], remove: [] });
    setMode('assign');
    bulk.reset();
    onClose();
  };
  const confirm = () =>
    bulk.mutate(
      { mode, ids: items.map((item) => item.id), labelIds: labels.map((label) => label.id) },
      {
        onSuccess: ({ changed }) => {
          notifications.show({
            color: 'green',
            title: mode === 'assign' ? 'Labels assigned' : 'Labels removed',
            message: `${changed} ${changed === 1 ? 'change' : 'changes'} across ${count}${
              changed === 0 ? ': they already were as asked.' : '.'
            }`,
          });
          close();
        },
      },
    );

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>Manage labels of {count}</Text>} centered size="lg">
      <Stack gap="md">
        <FormError error={bulk.error} title="The labels were not changed" />
        <Tabs
          value={mode}
          onChange={(value) => {
            if (value === 'assign' || value === 'remove') setMode(value);
            bulk.reset();
          }}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="assign">Assign</Tabs.Tab>
            <Tabs.Tab value="remove">Remove</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="assign">
            <Stack gap="xs">
              <Text size="sm">Every selected {resource.noun.one} will carry the chosen labels.</Text>
              <LabelMultiSelect
                value={chosen.assign}
                onChange={(next) => setChosen((current) => ({ ...current, assign: next }))}
                ariaLabel="Labels to assign"
                placeholder="Search labels"
              />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="remove">
            <Stack gap="xs">
              <Text size="sm">
                No selected {resource.noun.one} will carry the chosen labels any more. Lists filtered by them stop
                showing these {resource.noun.many}; the labels themselves stay.
              </Text>
              <LabelMultiSelect
                value={chosen.remove}
                onChange={(next) => setChosen((current) => ({ ...current, remove: next }))}
                ariaLabel="Labels to remove"
                placeholder={carried.length > 0 ? 'Labels the selection carries' : 'The selection carries no label'}
                options={carried}
              />
            </Stack>
          </Tabs.Panel>
        </Tabs>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={bulk.isPending}>
            Cancel
          </Button>
          <Button
            color={mode === 'remove' ? 'red' : undefined}
            onClick={confirm}
            disabled={labels.length === 0}
            loading={bulk.isPending}
          >
            {mode === 'assign' ? `Assign to ${count}` : `Remove from ${count}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
