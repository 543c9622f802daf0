import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { Agent, AgentStatistics, HeartbeatLogs } from '@telegraf-controller/contract/agents';
import { IconInfoCircle } from '@tabler/icons-react';
import { InfoList } from '../../ui/InfoList';
import { FLAG_DISPLAY, raisedFlags, statisticCardId } from './agent-flags';
import { AgentStatusBadge } from './AgentStatus';
import { Elapsed } from './Elapsed';
import { StatisticChart } from './StatisticChart';

const COUNTERS: { key: keyof AgentStatistics; title: string; hint: string; color: string }[] = [
  { key: 'errors', title: 'Errors', hint: 'Errors Telegraf logged since the previous heartbeat.', color: 'red' },
  {
    key: 'warnings',
    title: 'Warnings',
    hint: 'Warnings Telegraf logged since the previous heartbeat.',
    color: 'yellow',
  },
  { key: 'metrics', title: 'Metrics', hint: 'Metrics the outputs wrote since the previous heartbeat.', color: 'navy' },
];

type HeartbeatDataCardProps = {
  agent: Agent;
  /** The recent heartbeats' statistics, oldest first; undefined while loading or without heartbeat:read. */
  history: HeartbeatLogs | undefined;
};

/**
 * Status, last report and version, and the counters of the latest heartbeat with their recent history. The counter
 * behind a raised flag (metrics for Silent, errors for Degrading) is outlined in the flag's colour and named by it.
 */
export function HeartbeatDataCard({ agent, history }: HeartbeatDataCardProps) {
  const statistics = agent.statistics;
  const flagOf = new Map(raisedFlags(agent).map(({ flag }) => [FLAG_DISPLAY[flag].series, FLAG_DISPLAY[flag]]));
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="heartbeat-heading">
      <Title order={2} fz="h4" id="heartbeat-heading" mb="md">
        Heartbeat Data
      </Title>
      <Stack gap="lg">
        <InfoList
          items={[
            { label: 'Status', value: <AgentStatusBadge status={agent.status} /> },
            { label: 'Last reported', value: <Elapsed at={agent.lastSeenAt} /> },
            { label: 'Telegraf version', value: agent.version ?? 'Unknown' },
          ]}
        />
        {statistics ? (
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            {COUNTERS.map(({ key, title, hint, color }) => {
              const flag = flagOf.get(key);
              return (
                <Card
                  key={key}
                  id={statisticCardId(key)}
                  withBorder
                  radius="md"
                  padding="sm"
                  aria-label={title}
                  component="section"
                  style={flag && { borderColor: `var(--mantine-color-${flag.color}-5)`, borderWidth: 2 }}
                >
                  <Group gap={4}>
                    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                      {title}
                    </Text>
                    <Tooltip label={hint} multiline w={220}>
                      <IconInfoCircle size={14} aria-label={hint} color="var(--mantine-color-dimmed)" />
                    </Tooltip>
                    {flag && (
                      <Badge color={flag.color} variant="light" size="xs" radius="sm" tt="none" ml="auto">
                        {flag.label}
                      </Badge>
                    )}
                  </Group>
                  <Text fz={24} fw={700} data-testid={`statistic-${key}`}>
                    {statistics[key].toLocaleString()}
                  </Text>
                  {history && history.length > 0 && (
                    <StatisticChart
                      name={title.toLowerCase()}
                      points={history.map((entry) => ({ timestamp: entry.timestamp, value: entry[key] }))}
                      color={`${color}.6`}
                    />
                  )}
                </Card>
              );
            })}
          </SimpleGrid>
        ) : (
          <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />} title="No statistics sent">
            This agent does not send statistics. Add <code>&quot;statistics&quot;</code> to <code>include</code> in its{' '}
            <code>[[outputs.heartbeat]]</code> section to see its errors, warnings and metrics here.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
