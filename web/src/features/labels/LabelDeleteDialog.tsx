import { Text } from '@mantine/core';
import type { Label } from '@telegraf-controller/contract/labels';
import { DeleteManyDialog } from '../../ui/DeleteManyDialog';
import { isUsed, totalUsage, usageInWords } from './label-usage';
import { useBulkDeleteLabels, useDeleteLabel } from './labels.queries';

type LabelDeleteDialogProps = {
  labels: Label[];
  opened: boolean;
  onClose: () => void;
  onDeleted?: () => void;
};

/** Confirms and deletes one label, or several in one request; says what carries them now. */
export function LabelDeleteDialog({ labels, opened, onClose, onDeleted }: LabelDeleteDialogProps) {
  const many = labels.length > 1;
  const usage = totalUsage(labels);
  return (
    <DeleteManyDialog
      items={labels}
      opened={opened}
      onClose={onClose}
      onDeleted={onDeleted}
      noun={{ one: 'label', many: 'labels' }}
      deleteOne={useDeleteLabel()}
      deleteMany={useBulkDeleteLabels()}
    >
      <Text size="sm">
        {many ? 'These labels' : <b>{labels[0]?.name}</b>} will be deleted for good
        {isUsed(usage) ? (
          <>
            {' '}
            and taken off the {usageInWords(usage)} that carry {many ? 'them' : 'it'}. Lists filtered by{' '}
            {many ? 'them' : 'it'} no longer find those items.
          </>
        ) : (
          <>. Nothing carries {many ? 'them' : 'it'}.</>
        )}
      </Text>
    </DeleteManyDialog>
  );
}
