import { Button, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

type BulkBarProps = {
  count: number;
  onClear: () => void;
  /** The buttons acting on the selected rows. */
  children: ReactNode;
};

/** The strip above a table while rows are selected: how many, a way to clear them, and the actions on them. */
export function BulkBar({ count, onClear, children }: BulkBarProps) {
  return (
    <Paper withBorder radius="md" px="md" py="xs" bg="navy.0" aria-label="Bulk actions" component="section">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Text size="sm" fw={600}>
            {count} selected
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={onClear}>
            Clear selection
          </Button>
        </Group>
        <Group gap="xs">{children}</Group>
      </Group>
    </Paper>
  );
}
