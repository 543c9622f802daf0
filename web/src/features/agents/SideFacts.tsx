import { Group, Stack, Text } from '@mantine/core';
import type { InfoItem } from '../../ui/InfoList';

/** Label/value pairs one under the other, for the narrow cards beside the main ones. */
export function SideFacts({ items }: { items: InfoItem[] }) {
  return (
    <Stack gap="sm" component="dl" m={0}>
      {items.map(({ label, value }) => (
        <Group key={label} justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600} style={{ flexShrink: 0 }}>
            {label}
          </Text>
          <Text component="dd" size="sm" m={0} ta="right" style={{ wordBreak: 'break-word', minWidth: 0 }}>
            {value}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
