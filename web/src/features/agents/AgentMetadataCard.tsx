import { Card, Group, Title } from '@mantine/core';
import type { Agent } from '@telegraf-controller/contract/agents';
import { CopyAction } from '../../ui/CopyAction';
import { formatDateTime } from '../../ui/format';
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
        ]}
      />
    </Card>
  );
}
