import { List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { useBulkDeleteConfigs, useDeleteConfig } from './configs.queries';

const LISTED = 10;

type ConfigDeleteDialogProps = {
  configs: { id: string; name: string }[];
  opened: boolean;
  onClose: () => void;
  onDeleted?: () => void;
};

/** Confirms and deletes one configuration, or several in one request; says what agents lose. */
export function ConfigDeleteDialog({ configs, opened, onClose, onDeleted }: ConfigDeleteDialogProps) {
  const single = useDeleteConfig();
  const bulk = useBulkDeleteConfigs();
  const many = configs.length > 1;
  const mutation = many ? bulk : single;

  const close = () => {
    single.reset();
    bulk.reset();
    onClose();
  };
  const done = (title: string, message: string) => {
    notifications.show({ color: 'green', title, message });
    close();
    onDeleted?.();
  };
  const confirm = () => {
    const [first] = configs;
    if (!first) return;
    if (!many) {
      single.mutate(first.id, { onSuccess: () => done('Configuration deleted', `${first.name} is gone.`) });
      return;
    }
    bulk.mutate(
      configs.map((config) => config.id),
      {
        onSuccess: ({ deleted, missing }) =>
          done(
            `${deleted.length} configuration${deleted.length === 1 ? '' : 's'} deleted`,
            missing.length > 0 ? `${missing.length} had already been deleted.` : 'Done.',
          ),
      },
    );
  };

  return (
    <ConfirmModal
      opened={opened}
      onClose={close}
      title={many ? `Delete ${configs.length} configurations` : 'Delete configuration'}
      confirmLabel="Delete"
      color="red"
      onConfirm={confirm}
      loading={mutation.isPending}
      error={mutation.error}
    >
      <Stack gap="xs">
        <Text size="sm">
          {many ? 'These configurations' : <b>{configs[0]?.name}</b>} and every version of {many ? 'them' : 'it'} will
          be deleted for good. Agents that load {many ? 'them' : 'it'} by URL get an error from then on and stop
          receiving changes. Download the TOML first if you may need it again.
        </Text>
        {many && (
          <List size="sm" spacing={2}>
            {configs.slice(0, LISTED).map((config) => (
              <List.Item key={config.id}>{config.name}</List.Item>
            ))}
            {configs.length > LISTED && <List.Item>and {configs.length - LISTED} more</List.Item>}
          </List>
        )}
      </Stack>
    </ConfirmModal>
  );
}
