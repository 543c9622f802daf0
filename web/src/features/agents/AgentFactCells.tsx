import { Group, Table, Text } from '@mantine/core';
import type { AgentSummaryRow } from '@telegraf-controller/contract/agents';
import { raisedFlags } from './agent-flags';
import { AgentFlagBadge } from './AgentFlagBadge';
import { AgentStatusDot } from './AgentStatus';
import { Elapsed } from './Elapsed';
import { IncompatibleBadge } from './IncompatibleBadge';
import { OutdatedBadge } from './OutdatedBadge';

/**
 * An agent's status (with its Silent, Degrading, Outdated or Incompatible flag), Telegraf version and last report, as
 * cells of a row.
 */
export function AgentFactCells({ agent }: { agent: AgentSummaryRow }) {
  return (
    <>
      <Table.Td>
        <Group gap="xs">
          <AgentStatusDot status={agent.status} />
          {raisedFlags(agent).map(({ flag, count }) => (
            <AgentFlagBadge key={flag} flag={flag} count={count} />
          ))}
          {agent.outdated && <OutdatedBadge />}
          {agent.incompatible && <IncompatibleBadge />}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={agent.version ? undefined : 'dimmed'}>
          {agent.version ?? 'Unknown'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Elapsed at={agent.lastSeenAt} />
      </Table.Td>
    </>
  );
}
