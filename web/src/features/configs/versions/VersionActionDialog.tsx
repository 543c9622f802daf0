import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Config, ConfigVersion } from '@telegraf-controller/contract/configs';
import { Link } from 'react-router';
import { ConfirmModal } from '../../../ui/ConfirmModal';
import { useLastPresent } from '../../../ui/use-last-present';
import { useApproveVersion, usePublishVersion } from '../../rollouts/rollouts.queries';
import { VersionReviewModal } from '../../rollouts/VersionReviewModal';
import { usePruneVersions, useRollbackConfig } from '../configs.queries';
import { VersionNoteModal } from './VersionNoteModal';
import { VersionViewModal } from './VersionViewModal';

export type VersionAction = 'view' | 'note' | 'review' | 'publish' | 'approve' | 'rollback' | 'prune';

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
  const publish = usePublishVersion(config.id);
  const approve = useApproveVersion(config.id);
  const number = version?.version ?? 0;

  const close = () => {
    rollback.reset();
    prune.reset();
    publish.reset();
    approve.reset();
    onClose();
  };
  const confirmPublish = () =>
    publish.mutate(number, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: `Version ${number} published`,
          message: 'Every agent outside a rollout is served it at its next fetch.',
        });
        close();
      },
    });
  const confirmApprove = () =>
    approve.mutate(number, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: `Version ${number} approved`,
          message: 'With four eyes required, it can now be published or rolled out.',
        });
        close();
      },
    });
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
      <VersionReviewModal
        configId={config.id}
        request={action === 'review' && current ? { version: current.version } : null}
        onClose={close}
      />
      <ConfirmModal
        opened={action === 'publish'}
        onClose={close}
        title={`Publish version ${number}`}
        confirmLabel="Confirm & Publish"
        onConfirm={confirmPublish}
        loading={publish.isPending}
        error={publish.error}
      >
        {publish.error?.code === 'approval_required' && (
          <Text size="sm" c="red">
            Four eyes are required (Settings): someone other than its author must approve version {number} first, from
            this list&apos;s Approve action. Its author cannot approve it.
          </Text>
        )}
        {publish.error?.code === 'rollout_active' && (
          <Text size="sm" c="red">
            Finish or abort the rollout in progress on the{' '}
            <Anchor component={Link} to="?tab=rollouts" replace onClick={close}>
              Rollouts tab
            </Anchor>{' '}
            first.
          </Text>
        )}
        <Text size="sm">
          Every agent outside a rollout is served version {number} at its next fetch, instead of version{' '}
          {config.publishedVersion}, all at once. To reach the fleet in steps with health gates, start a rollout
          instead.
          {config.pinnedVersion !== null &&
            ` The configuration is pinned to version ${config.pinnedVersion}: unpin it first.`}
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={action === 'approve'}
        onClose={close}
        title={`Approve version ${number}`}
        confirmLabel="Confirm & Approve"
        onConfirm={confirmApprove}
        loading={approve.isPending}
        error={approve.error}
      >
        <Text size="sm">
          You vouch for version {number}
          {version?.author ? `, saved by ${version.author}` : ''}: with four eyes required, it may then be published or
          rolled out by anyone who can change configurations. Nothing is served by approving it.
        </Text>
      </ConfirmModal>
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
          A new version {config.version + 1} is made with the TOML of version {number}; nothing is deleted.{' '}
          {config.publishMode === 'live' && config.pinnedVersion === null
            ? 'Agents that watch this configuration load it at their next check.'
            : 'It is served once it is published.'}{' '}
          Unsaved edits on the Configuration tab are discarded.
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
