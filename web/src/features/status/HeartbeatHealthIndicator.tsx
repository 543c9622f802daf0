import { Group, Text, Tooltip } from '@mantine/core';
import type { HeartbeatHealthState } from '@telegraf-controller/contract/health';
import { useCan } from '../auth/use-can';
import { useHeartbeatHealth } from './status.queries';

const COLORS: Record<HeartbeatHealthState | 'unknown', string> = {
  ok: 'var(--mantine-color-teal-6)',
  warning: 'var(--mantine-color-yellow-6)',
  error: 'var(--mantine-color-red-6)',
  unknown: 'var(--mantine-color-gray-5)',
};
const LABELS: Record<HeartbeatHealthState | 'unknown', string> = {
  ok: 'Heartbeats: healthy',
  warning: 'Heartbeats: warning',
  error: 'Heartbeats: failing',
  unknown: 'Heartbeats: unknown',
};

/** The heartbeat service at a glance, at the foot of the navigation: a dot, a word, and the reason on hover. */
export function HeartbeatHealthIndicator() {
  const canRead = useCan('heartbeat:read');
  const health = useHeartbeatHealth(canRead);
  if (!canRead) return null;
  const state = health.data?.status ?? 'unknown';
  const message = health.data?.message ?? (health.isError ? 'The health check did not answer' : 'Checking…');
  return (
    <Tooltip label={message} multiline w={260} withArrow position="top-start">
      <Group
        gap={6}
        wrap="nowrap"
        data-testid="heartbeat-health"
        data-state={state}
        aria-label={`${LABELS[state]}. ${message}`}
      >
        <span
          aria-hidden
          style={{ width: 8, height: 8, borderRadius: 4, background: COLORS[state], display: 'inline-block' }}
        />
        <Text size="xs" c="dimmed">
          {LABELS[state]}
        </Text>
      </Group>
    </Tooltip>
  );
}
