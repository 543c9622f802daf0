import { Anchor, Card, Group, Stack, Table, Text } from '@mantine/core';
import { IconServer2 } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { NoAccess } from '../../ui/NoAccess';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { agentName, agentPagePath } from './agent-name';
import { AgentFactCells } from './AgentFactCells';
import { useAgentsLoading, type AgentsLoading } from './agents.queries';
import { AgentsPager } from './AgentsPager';

type AgentsLoadingTabProps = { target: AgentsLoading; noun: 'configuration' | 'config group' };

/**
 * The Agents tab of a configuration or group: who loads it (as their last heartbeat reported), with their status and
 * the Telegraf they run, so nobody learns it from a refused delete.
 */
export function AgentsLoadingTab({ target, noun }: AgentsLoadingTabProps) {
  const canRead = useCan('agents:read');
  const [limit, setLimit] = useState(25);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const agents = useAgentsLoading(target, cursor, limit, canRead);

  if (!canRead) return <NoAccess>Your role cannot view agents.</NoAccess>;
  if (agents.error) {
    return <QueryError error={agents.error} what="the agents" onRetry={() => void agents.refetch()} />;
  }
  if (!agents.data) {
    return (
      <Text c="dimmed" size="sm">
        Loading agents…
      </Text>
    );
  }
  const { items, total, nextCursor } = agents.data;
  if (total === 0 && cursors.length === 1) {
    return (
      <EmptyState icon={IconServer2} title="No agents load it">
        No agent has reported loading this {noun}. An agent appears here once a heartbeat lists its URL.
      </EmptyState>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" data-testid="agents-loading-total">
        {total === 1 ? `1 agent loads this ${noun}.` : `${total} agents load this ${noun}.`}
      </Text>
      <Card withBorder padding={0} radius="md">
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Agents loading it">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Agent</Table.Th>
                <Table.Th w={230}>Status</Table.Th>
                <Table.Th w={200}>Version</Table.Th>
                <Table.Th w={170}>Last Reported</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((agent) => (
                <Table.Tr key={agent.id}>
                  <Table.Td>
                    <Anchor component={Link} to={agentPagePath(agent.id)} fw={600} size="sm">
                      {agentName(agent)}
                    </Anchor>
                  </Table.Td>
                  <AgentFactCells agent={agent} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Group justify="flex-end">
        <AgentsPager
          pageIndex={cursors.length - 1}
          limit={limit}
          onLimit={(next) => {
            setLimit(next);
            setCursors([null]);
          }}
          shown={items.length}
          total={total}
          hasNext={nextCursor !== null}
          onPrevious={() => setCursors((previous) => previous.slice(0, -1))}
          onNext={() => nextCursor && setCursors((previous) => [...previous, nextCursor])}
        />
      </Group>
    </Stack>
  );
}
