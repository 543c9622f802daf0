import { Card, Stack, Text, ThemeIcon } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

type EmptyStateProps = {
  icon: Icon;
  title: string;
  children: ReactNode;
  /** A next step, e.g. a button that creates the first item. */
  action?: ReactNode;
};

export function EmptyState({ icon: IconComponent, title, children, action }: EmptyStateProps) {
  return (
    <Card withBorder padding="xl" radius="md">
      <Stack align="center" gap="sm" py="xl" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light">
          <IconComponent size={30} stroke={1.5} aria-hidden />
        </ThemeIcon>
        <Text fw={600} size="lg">
          {title}
        </Text>
        <Text c="dimmed" size="sm" maw={520}>
          {children}
        </Text>
        {action}
      </Stack>
    </Card>
  );
}
