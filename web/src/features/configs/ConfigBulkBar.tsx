import { Button, Group, Paper, Text } from '@mantine/core';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfigDeleteDialog } from './ConfigDeleteDialog';

type ConfigBulkBarProps = { selected: ConfigSummary[]; onClear: () => void };

/** Actions on the selected rows. */
export function ConfigBulkBar({ selected, onClear }: ConfigBulkBarProps) {
  const [deleting, setDeleting] = useState(false);
  return (
    <Paper withBorder radius="md" px="md" py="xs" bg="navy.0" aria-label="Bulk actions" component="section">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Text size="sm" fw={600}>
            {selected.length} selected
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={onClear}>
            Clear selection
          </Button>
        </Group>
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          onClick={() => setDeleting(true)}
        >
          Delete
        </Button>
      </Group>
      <ConfigDeleteDialog configs={selected} opened={deleting} onClose={() => setDeleting(false)} onDeleted={onClear} />
    </Paper>
  );
}
