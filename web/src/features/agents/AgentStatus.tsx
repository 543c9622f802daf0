import { Badge, ColorSwatch, Group, Text } from '@mantine/core';
import type { AgentStatus } from '@telegraf-controller/contract/agents';
import { STATUS_DISPLAY } from './agent-status';

/** A coloured dot and the status in words, for table rows. */
export function AgentStatusDot({ status }: { status: AgentStatus }) {
  const { label, color } = STATUS_DISPLAY[status];
  return (
    <Group gap={8} wrap="nowrap">
      <ColorSwatch color={`var(--mantine-color-${color}-6)`} size={10} withShadow={false} aria-hidden />
      <Text size="sm">{label}</Text>
    </Group>
  );
}

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  const { label, color } = STATUS_DISPLAY[status];
  return (
    <Badge color={color} variant="light" size="lg" radius="sm" tt="none">
      {label}
    </Badge>
  );
}
