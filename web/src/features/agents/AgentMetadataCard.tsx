import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import type { Agent } from '@telegraf-controller/contract/agents';
import { Link } from 'react-router';
import { CopyAction } from '../../ui/CopyAction';
import { formatDateTime } from '../../ui/format';
import { useCan } from '../auth/use-can';
import { agentTokenName } from './agent-token';
import { Elapsed } from './Elapsed';
import { SideFacts } from './SideFacts';

/** What the controller knows of the agent besides its heartbeats. */
export function AgentMetadataCard({ agent }: { agent: Agent }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="metadata-heading">
      <Title order={2} fz="h4" id="metadata-heading" mb="md">
        Agent Metadata
      </Title>
      <SideFacts
        items={[
          {
            label: 'Agent ID',
            value: (
              <Group gap={4} wrap="nowrap" component="span">
                <span style={{ wordBreak: 'break-all' }}>{agent.id}</span>
                <CopyAction value={agent.id} label="Copy agent ID" />
              </Group>
            ),
          },
          { label: 'Hostname', value: agent.hostname ?? 'Not reported' },
          { label: 'IP address', value: agent.ip ?? 'Unknown' },
          { label: 'First seen', value: formatDateTime(agent.firstSeenAt) },
          { label: 'Token', value: <AgentToken token={agent.token} /> },
        ]}
      />
    </Card>
  );
}

/** The token the agent's last heartbeat that carried one came with, and when; a link for roles that read tokens. */
function AgentToken({ token }: { token: Agent['token'] }) {
  const canReadTokens = useCan('tokens:read');
  if (!token) return 'None recorded';
  const name = agentTokenName(token);
  return (
    <>
      {canReadTokens && token.name !== null ? (
        <Anchor component={Link} to={`/tokens/${token.id}`} size="sm" data-testid="agent-token">
          {name}
        </Anchor>
      ) : (
        <span data-testid="agent-token">{name}</span>
      )}
      <Text span display="block" size="xs" c="dimmed">
        last used <Elapsed at={token.lastUsedAt} span size="xs" c="dimmed" />
      </Text>
    </>
  );
}
