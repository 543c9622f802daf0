import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

type ManageRowProps = { title: string; description: ReactNode; children: ReactNode };

/** One action of a detail page's Manage card: what it does on the left, its control on the right. */
export function ManageRow({ title, description, children }: ManageRowProps) {
  return (
    <Group justify="space-between" align="center" wrap="wrap" gap="md" py="sm">
      <Stack gap={2} maw={560}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      <Group gap="sm">{children}</Group>
    </Group>
  );
}
