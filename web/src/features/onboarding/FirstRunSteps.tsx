import { Anchor, Badge, Card, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useCan } from '../auth/use-can';
import { useConfigs } from '../configs/configs.queries';
import { useHeartbeatHealth } from '../status/status.queries';

type Step = { title: string; done: boolean; link?: { to: string; label: string }; children: ReactNode };

/**
 * The way from an empty fleet to a first agent, on the Agents and Configurations pages while they are empty: a
 * token for agents, a configuration, and the command that starts Telegraf with it. A step shows as done when the
 * viewer may see that it is (a token that may send heartbeats exists; a configuration exists).
 */
export function FirstRunSteps({ title }: { title: string }) {
  const canCreateTokens = useCan('tokens:write');
  const canReadHealth = useCan('heartbeat:read');
  const canReadConfigs = useCan('configs:read');
  const canWriteConfigs = useCan('configs:write');
  const health = useHeartbeatHealth(canReadHealth);
  const configs = useConfigs({ search: '', sortBy: 'updatedAt', sortOrder: 'desc' }, canReadConfigs);
  const hasToken = (health.data?.tokens.heartbeatCapable ?? 0) > 0;
  const hasConfig = (configs.data?.pages[0]?.total ?? 0) > 0;

  const steps: Step[] = [
    {
      title: 'Create an agent token',
      done: hasToken,
      link: canCreateTokens
        ? { to: '/tokens?create=telegraf-agent', label: 'Create a Telegraf agent token' }
        : undefined,
      children:
        'Agents present it to load their configuration and to send heartbeats. The Telegraf agent preset grants just that.',
    },
    {
      title: 'Create a configuration',
      done: hasConfig,
      link: canWriteConfigs ? { to: '/configs/new', label: 'Add a configuration' } : undefined,
      children:
        'Telegraf TOML that agents load by URL. Include the heartbeat output (outputs.heartbeat) so agents report here.',
    },
    {
      title: 'Copy its start command',
      done: false,
      link: canReadConfigs ? { to: '/configs', label: 'Open the configurations' } : undefined,
      children:
        'On the configuration’s page, “Use this configuration” gives the telegraf command for each host, with the token and parameters filled in.',
    },
  ];

  return (
    <Card withBorder padding="xl" radius="md" data-testid="first-run-steps">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          <Text c="dimmed" size="sm">
            Three steps bring the first agent here: it appears when its first heartbeat arrives.
          </Text>
        </div>
        <List spacing="md" listStyleType="none" aria-label="First steps">
          {steps.map((step, index) => (
            <List.Item
              key={step.title}
              icon={
                <ThemeIcon
                  radius="xl"
                  size={28}
                  variant={step.done ? 'filled' : 'light'}
                  color={step.done ? 'teal' : undefined}
                >
                  {step.done ? <IconCheck size={16} aria-label="done" /> : <Text size="sm">{index + 1}</Text>}
                </ThemeIcon>
              }
            >
              <Group gap="xs">
                <Text fw={600}>{step.title}</Text>
                {step.done && (
                  <Badge color="teal" variant="light" size="sm">
                    Done
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed" maw={640}>
                {step.children}
              </Text>
              {step.link && (
                <Anchor component={Link} to={step.link.to} size="sm">
                  {step.link.label}
                </Anchor>
              )}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}
