import { Table, Text } from '@mantine/core';
import type { AgentSummaryRow } from '@telegraf-controller/contract/agents';
import { AgentStatusDot } from './AgentStatus';
import { Elapsed } from './Elapsed';

/** An agent's status, Telegraf version and last report, as the cells of a table row. */
export function AgentFactCells({ agent }: { agent: AgentSummaryRow }) {
  return (
    <>
      <Table.Td>
        <AgentStatusDot status={agent.status} />
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
