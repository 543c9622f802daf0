import { Badge } from '@mantine/core';
import type { RolloutState } from '@telegraf-controller/contract/rollouts';

const LOOK: Record<RolloutState, { color: string; label: string }> = {
  running: { color: 'blue', label: 'Running' },
  paused: { color: 'yellow', label: 'Paused' },
  finished: { color: 'teal', label: 'Finished' },
  reverted: { color: 'red', label: 'Reverted' },
  aborted: { color: 'gray', label: 'Aborted' },
};

export function RolloutStateBadge({ state }: { state: RolloutState }) {
  const { color, label } = LOOK[state];
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  );
}
