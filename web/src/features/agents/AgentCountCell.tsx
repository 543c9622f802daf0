import { Table, Text } from '@mantine/core';

/** How many agents load a configuration or group, as a list column. */
export function AgentCountCell({ count }: { count: number }) {
  return (
    <Table.Td>
      <Text size="sm" c={count === 0 ? 'dimmed' : undefined} aria-label={`${count} agents`}>
        {count}
      </Text>
    </Table.Td>
  );
}
