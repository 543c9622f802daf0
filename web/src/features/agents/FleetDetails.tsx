import { Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { AgentsSummary } from '@telegraf-controller/contract/agents';
import { lastReportedShares, newestVersion, percentOf, versionShares, type Share } from './fleet-details';

/** Fleet health, Telegraf versions and last-reported bands of the agents the filters match. */
export function FleetDetails({ summary }: { summary: AgentsSummary }) {
  const newest = newestVersion(summary);
  const onNewest = summary.telegrafVersion.find((entry) => entry.version === newest)?.count ?? 0;
  const tiles = [
    { label: 'Healthy', value: percentOf(summary.status.ok ?? 0, summary.total), hint: 'Status OK' },
    { label: 'Reported < 5m', value: percentOf(summary.lastReported.lt5m, summary.total), hint: 'Heard from lately' },
    {
      label: 'On newest version',
      value: newest ? percentOf(onNewest, summary.total) : '—',
      hint: newest ?? 'No version reported',
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" mt="md">
      <Card withBorder radius="md" padding="sm">
        <Title order={3} fz="sm" mb="xs">
          Fleet Health
        </Title>
        <Stack gap="xs">
          {tiles.map(({ label, value, hint }) => (
            <Group key={label} justify="space-between" wrap="nowrap">
              <div>
                <Text size="sm">{label}</Text>
                <Text size="xs" c="dimmed">
                  {hint}
                </Text>
              </div>
              <Text fw={700}>{value}</Text>
            </Group>
          ))}
        </Stack>
      </Card>
      <ShareList title="Telegraf Versions" shares={versionShares(summary)} total={summary.total} />
      <ShareList title="Last Reported" shares={lastReportedShares(summary)} total={summary.total} />
    </SimpleGrid>
  );
}

function ShareList({ title, shares, total }: { title: string; shares: Share[]; total: number }) {
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-label={title}>
      <Title order={3} fz="sm" mb="xs">
        {title}
      </Title>
      <Stack gap={6}>
        {shares.map(({ name, count }) => (
          <div key={name}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="xs" truncate>
                {name}
              </Text>
              <Text size="xs" c="dimmed">
                {count} ({percentOf(count, total)})
              </Text>
            </Group>
            <Progress value={total === 0 ? 0 : (count / total) * 100} size="sm" aria-label={`${name}: ${count}`} />
          </div>
        ))}
        {shares.length === 0 && (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Stack>
    </Card>
  );
}
