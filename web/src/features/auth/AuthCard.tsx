import { Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconTopologyStar3 } from '@tabler/icons-react';
import type { ReactNode } from 'react';

type AuthCardProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
};

/** The frame of the pages shown before anyone is signed in: a centered card under the product name. */
export function AuthCard({ title, description, children }: AuthCardProps) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <title>{`${title} · Telegraf Controller`}</title>
      <Stack w="100%" maw={420} gap="lg">
        <Group justify="center" gap={10}>
          <ThemeIcon size={36} radius="md" color="navy.9" variant="filled">
            <IconTopologyStar3 size={22} stroke={1.8} aria-hidden />
          </ThemeIcon>
          <Text fw={700} size="xl">
            Telegraf Controller
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Stack gap={4} mb="lg">
            <Title order={1} fz="h3">
              {title}
            </Title>
            {description && (
              <Text c="dimmed" size="sm">
                {description}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
