import { Badge, Tooltip } from '@mantine/core';
import { FLAG_DISPLAY, flagReason, type AgentFlag, type AgentFlagCount } from './agent-flags';

/** Marks an agent flagged Silent or Degrading; the tooltip says why. */
export function AgentFlagBadge({ flag, count }: { flag: AgentFlag; count: AgentFlagCount }) {
  const { label, color } = FLAG_DISPLAY[flag];
  return (
    <Tooltip label={flagReason(flag, count)} multiline maw={320}>
      <Badge color={color} variant="light" size="sm" radius="sm" tt="none">
        {label}
      </Badge>
    </Tooltip>
  );
}
