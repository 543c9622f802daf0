import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { formatDuplicateHosts, formatSwitchCount, type AgentDuplicate } from './agent-duplicate';
import { Elapsed } from './Elapsed';

/**
 * Two machines heartbeat with this agent's id in turn (usually a cloned machine image), so the page merges their
 * health. The fix is on the machines; the flag clears once the switching stops for the duplicate id window.
 */
export function DuplicateIdAlert({ duplicate }: { duplicate: AgentDuplicate }) {
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="Two machines report as this agent"
    >
      <Text size="sm">
        {formatDuplicateHosts(duplicate.hosts)} send heartbeats with this agent&apos;s id in turn, so their health is
        merged here. Last switch <Elapsed at={duplicate.lastAt} span />; {formatSwitchCount(duplicate.count)} seen since
        the agent was first seen.
      </Text>
      <Text size="sm" mt="xs">
        Give each machine its own <code>agent_id</code> parameter. The flag clears once no switch is seen within the
        duplicate id window (Settings).
      </Text>
    </Alert>
  );
}
