import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Config, ConfigVersion } from '@telegraf-controller/contract/configs';
import { ConfirmModal } from '../../../ui/ConfirmModal';
import { useLastPresent } from '../../../ui/use-last-present';
import { usePruneVersions, useRollbackConfig } from '../configs.queries';
import { VersionNoteModal } from './VersionNoteModal';
import { VersionViewModal } from './VersionViewModal';

export type VersionAction = 'view' | 'note' | 'rollback' | 'prune';

type VersionActionDialogProps = {
  config: Config;
  version: ConfigVersion | null;
  action: VersionAction | null;
  onClose: () => void;
};

/** One row action on one version: the dialog that shows, edits or confirms it. */
export function VersionActionDialog({ config, version: current, action, onClose }: VersionActionDialogProps) {
  // Kept through the exit transition of whichever dialog closes.
  const version = useLastPresent(current);
  const rollback = useRollbackConfig(config.id);
  const prune = usePruneVersions(config.id);
  const number = version?.version ?? 0;

  const close = () => {
    rollback.reset();
    prune.reset();
    onClose();
  };
  const confirmRollback = () =>
    rollback.mutate(number, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'green',
          title: `Rolled back to version ${number}`,
          message: `Version ${saved.version} holds its TOML and is now current.`,
        });
        close();
      },
    });
  const confirmPrune = () =>
    prune.mutate(
      { versions: [number] },
      {
        onSuccess: ({ pruned }) => {
          notifications.show({
            color: pruned.length > 0 ? 'green' : 'yellow',
            title: pruned.length > 0 ? `Version ${number} pruned` : 'Nothing was pruned',
            message: pruned.length > 0 ? 'Its TOML is gone for good.' : 'The current version is always kept.',
          });
          close();
        },
      },
    );

  return (
    <>
      <VersionViewModal configId={config.id} version={version} opened={action === 'view'} onClose={close} />
      <VersionNoteModal configId={config.id} version={version} opened={action === 'note'} onClose={close} />
      <ConfirmModal
        opened={action === 'rollback'}
        onClose={close}
        title={`Roll back to version ${number}`}
        confirmLabel="Confirm & Rollback"
        onConfirm={confirmRollback}
        loading={rollback.isPending}
        error={rollback.error}
      >
        <Text size="sm">
          A new version {config.version + 1} is made with the TOML of version {number}; nothing is deleted. Agents that
          watch this configuration load it at their next check. Unsaved edits on the Configuration tab are discarded.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={action === 'prune'}
        onClose={close}
        title={`Prune version ${number}`}
        confirmLabel="Confirm & Prune"
        color="red"
        onConfirm={confirmPrune}
        loading={prune.isPending}
        error={prune.error}
      >
        <Text size="sm">
          Version {number} and its TOML are deleted for good; it can no longer be viewed, compared or rolled back to.
        </Text>
      </ConfirmModal>
    </>
  );
}
