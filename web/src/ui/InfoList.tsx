import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export type InfoItem = { label: string; value: ReactNode };

/** Read-only facts as label/value pairs, e.g. a user's id, role and creation time. */
export function InfoList({ items }: { items: InfoItem[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" verticalSpacing="md" component="dl" m={0}>
      {items.map(({ label, value }) => (
        <Stack key={label} gap={4}>
          <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ wordBreak: 'break-word' }}>
            {value}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}
