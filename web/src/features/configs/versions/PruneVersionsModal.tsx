import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConfigVersion } from '@telegraf-controller/contract/configs';
import { useState } from 'react';
import { FormError } from '../../../ui/FormError';
import { usePruneVersions, type VersionPrune } from '../configs.queries';

type PruneVersionsModalProps = {
  configId: string;
  rows: readonly ConfigVersion[];
  /** With a selection, those versions are pruned; without one, the user picks a cut-off. */
  selected: readonly number[];
  opened: boolean;
  onClose: () => void;
  onPruned: () => void;
};

type Criterion = 'version' | 'date';

/** Permanent deletion of old versions; the current one is always kept. */
export function PruneVersionsModal({ configId, rows, selected, opened, onClose, onPruned }: PruneVersionsModalProps) {
  const prune = usePruneVersions(configId);
  const [criterion, setCriterion] = useState<Criterion>('version');
  const [before, setBefore] = useState<string | null>(null);
  const [beforeDate, setBeforeDate] = useState('');
  const current = rows.find((row) => row.current)?.version;
  const keepsCurrent = current !== undefined && selected.includes(current);

  const request: VersionPrune | null =
    selected.length > 0
      ? { versions: [...selected].sort((a, b) => a - b) }
      : criterion === 'version'
        ? before
          ? { before: Number(before) }
          : null
        : beforeDate && !Number.isNaN(Date.parse(beforeDate))
          ? { beforeDate: new Date(beforeDate).toISOString() }
          : null;

  const close = () => {
    prune.reset();
    onClose();
  };
  const confirm = () => {
    if (!request) return;
    prune.mutate(request, {
      onSuccess: ({ pruned }) => {
        notifications.show({
          color: pruned.length > 0 ? 'green' : 'yellow',
          title:
            pruned.length > 0
              ? `${pruned.length} version${pruned.length === 1 ? '' : 's'} pruned`
              : 'Nothing was pruned',
          message: pruned.length > 0 ? `Pruned: ${pruned.join(', ')}.` : 'No version matched; the current one is kept.',
        });
        onPruned();
        close();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>Prune versions</Text>} centered>
      <Stack gap="md">
        <FormError error={prune.error} title="Nothing was pruned" />
        {selected.length > 0 ? (
          <Text size="sm">
            Versions {[...selected].sort((a, b) => a - b).join(', ')} will be deleted for good.
            {keepsCurrent && ` Version ${current} is current and is kept.`}
          </Text>
        ) : (
          <>
            <SegmentedControl
              fullWidth
              aria-label="Prune criterion"
              value={criterion}
              onChange={(value) => setCriterion(value as Criterion)}
              data={[
                { value: 'version', label: 'Before version' },
                { value: 'date', label: 'Before date & time' },
              ]}
            />
            {criterion === 'version' ? (
              <Select
                label="Prune every version older than"
                placeholder="Choose a version"
                data={rows.slice(0, -1).map((row) => ({
                  value: String(row.version),
                  label: `Version ${row.version}${row.current ? ' (current)' : ''}`,
                }))}
                value={before}
                onChange={setBefore}
              />
            ) : (
              <TextInput
                type="datetime-local"
                label="Prune every version saved before"
                value={beforeDate}
                onChange={(event) => setBeforeDate(event.currentTarget.value)}
              />
            )}
            <Text size="sm" c="dimmed">
              The chosen versions are deleted for good. The current version is always kept.
            </Text>
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} disabled={prune.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={prune.isPending} disabled={!request}>
            Confirm & Prune
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
