import { Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { VERSION_BASES, type ConfigAgentVersions } from '@telegraf-controller/contract/agents';
import { Link } from 'react-router';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { OUTDATED_DISPLAY } from './agent-flags';
import { agentsListPath } from './agent-list-url';
import { useConfigAgentVersions } from './agents.queries';
import { BASIS_DISPLAY } from './served-versions';

/**
 * Which version of a configuration its agents run, how that is known and how many are Outdated, with a way to
 * those; fetches that named no agent are counted apart, as URLs (several agents may share one).
 */
export function AgentsPerVersionCard({ configId }: { configId: string }) {
  const canReadAgents = useCan('agents:read');
  const versions = useConfigAgentVersions(configId);
  const outdated = versions.data?.versions.reduce((sum, row) => sum + row.outdated, 0) ?? 0;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="agent-versions-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4" id="agent-versions-heading">
          Agents per version
        </Title>
        {canReadAgents && outdated > 0 && (
          <Button
            component={Link}
            to={agentsListPath({ config: configId, flag: 'outdated' })}
            variant="light"
            color={OUTDATED_DISPLAY.color}
            size="compact-sm"
          >
            View {outdated === 1 ? '1 Outdated agent' : `${outdated.toLocaleString()} Outdated agents`}
          </Button>
        )}
      </Group>
      {versions.error && (
        <QueryError error={versions.error} what="the versions agents run" onRetry={() => void versions.refetch()} />
      )}
      {versions.isPending && (
        <Text c="dimmed" size="sm">
          Loading…
        </Text>
      )}
      {versions.data && <VersionCounts counts={versions.data} />}
    </Card>
  );
}

function VersionCounts({ counts }: { counts: ConfigAgentVersions }) {
  const { latestVersion, versions, anonymousFetches } = counts;
  if (versions.length === 0 && anonymousFetches.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No agent has reported loading it, and no fetch of it was recorded.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        The latest version is v{latestVersion}. An agent is Outdated once a newer version than the one it runs was saved
        longer ago than the grace, and it has not fetched it.
      </Text>
      {versions.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" aria-label="Agents per version">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th ta="right">Agents</Table.Th>
                {VERSION_BASES.map((basis) => (
                  <Table.Th key={basis} ta="right">
                    {BASIS_DISPLAY[basis].label}
                  </Table.Th>
                ))}
                <Table.Th ta="right">{OUTDATED_DISPLAY.label}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((row) => (
                <Table.Tr key={row.version ?? 'unknown'}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{row.version === null ? 'Not known' : `v${row.version}`}</Text>
                      {row.version === latestVersion && (
                        <Badge size="sm" variant="light" radius="sm" tt="none">
                          Latest
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{row.agents.toLocaleString()}</Table.Td>
                  {VERSION_BASES.map((basis) => (
                    <Table.Td key={basis} ta="right">
                      {row[basis].toLocaleString()}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right" c={row.outdated > 0 ? `${OUTDATED_DISPLAY.color}.8` : undefined}>
                    {row.outdated.toLocaleString()}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {versions.length > 0 && (
        <Text size="xs" c="dimmed">
          {VERSION_BASES.map((basis) => `${BASIS_DISPLAY[basis].label}: ${BASIS_DISPLAY[basis].short}.`).join(' ')}
        </Text>
      )}
      {anonymousFetches.length > 0 && (
        <div>
          <Text size="sm" fw={600}>
            Fetches that named no agent
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            Served without an agent id in the URL, so counted per distinct URL: several agents may share one.
          </Text>
          <List size="sm" aria-label="Fetches that named no agent">
            {anonymousFetches.map(({ version, urls }) => (
              <List.Item key={version}>
                v{version}: {urls.toLocaleString()} URL{urls === 1 ? '' : 's'}
              </List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}
