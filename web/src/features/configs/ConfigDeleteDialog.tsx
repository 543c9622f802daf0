import { Text } from '@mantine/core';
import { DeleteManyDialog } from '../../ui/DeleteManyDialog';
import { useBulkDeleteConfigs, useDeleteConfig } from './configs.queries';

type ConfigDeleteDialogProps = {
  configs: { id: string; name: string }[];
  opened: boolean;
  onClose: () => void;
  onDeleted?: () => void;
};

/** Confirms and deletes one configuration, or several in one request; says what agents lose. */
export function ConfigDeleteDialog({ configs, opened, onClose, onDeleted }: ConfigDeleteDialogProps) {
  const many = configs.length > 1;
  return (
    <DeleteManyDialog
      items={configs}
      opened={opened}
      onClose={onClose}
      onDeleted={onDeleted}
      noun={{ one: 'configuration', many: 'configurations' }}
      deleteOne={useDeleteConfig()}
      deleteMany={useBulkDeleteConfigs()}
    >
      <Text size="sm">
        {many ? 'These configurations' : <b>{configs[0]?.name}</b>} and every version of {many ? 'them' : 'it'} will be
        deleted for good. Agents that load {many ? 'them' : 'it'} by URL get an error from then on and stop receiving
        changes. Download the TOML first if you may need it again.
      </Text>
    </DeleteManyDialog>
  );
}
