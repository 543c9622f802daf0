import { Badge, Card, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type ProviderSectionProps = { id: string; title: string; description: ReactNode; children: ReactNode };

/** The frame of an enabled sign-in provider's section on the Settings page: its title, badge and what it is. */
export function ProviderSection({ id, title, description, children }: ProviderSectionProps) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`${id}-heading`}>
      <Group gap="sm" mb={4}>
        <Title order={2} fz="h4" id={`${id}-heading`}>
          {title}
        </Title>
        <Badge color="green" variant="light">
          Enabled
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {description}
      </Text>
      {children}
    </Card>
  );
}
