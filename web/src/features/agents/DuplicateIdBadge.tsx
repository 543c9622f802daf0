import { Badge, Tooltip } from '@mantine/core';
import { formatDuplicateHosts, type AgentDuplicate } from './agent-duplicate';

/** Marks an agent whose id two machines share; the tooltip names them. */
export function DuplicateIdBadge({ duplicate }: { duplicate: AgentDuplicate }) {
  return (
    <Tooltip label={`Two machines report as this agent: ${formatDuplicateHosts(duplicate.hosts)}`} multiline maw={320}>
      <Badge color="yellow" variant="light" size="sm" radius="sm" tt="none">
        Duplicate id
      </Badge>
    </Tooltip>
  );
}
