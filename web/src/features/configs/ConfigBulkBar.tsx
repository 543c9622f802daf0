import { Button } from '@mantine/core';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { BulkBar } from '../../ui/BulkBar';
import { ManageLabelsAction } from '../labels/ManageLabelsAction';
import { ConfigDeleteDialog } from './ConfigDeleteDialog';
import { CONFIG_LABELS } from './configs.queries';

type ConfigBulkBarProps = {
  selected: ConfigSummary[];
  onClear: () => void;
  canManageLabels: boolean;
  canDelete: boolean;
};

/** Actions on the selected rows. */
export function ConfigBulkBar({ selected, onClear, canManageLabels, canDelete }: ConfigBulkBarProps) {
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <BulkBar count={selected.length} onClear={onClear}>
        {canManageLabels && <ManageLabelsAction resource={CONFIG_LABELS} items={selected} />}
        {canDelete && (
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={() => setDeleting(true)}
          >
            Delete
          </Button>
        )}
      </BulkBar>
      <ConfigDeleteDialog configs={selected} opened={deleting} onClose={() => setDeleting(false)} onDeleted={onClear} />
    </>
  );
}
