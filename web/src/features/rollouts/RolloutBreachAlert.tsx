import { Alert, Anchor, Group, Text } from '@mantine/core';
import type { Rollout, RolloutBreach } from '@telegraf-controller/contract/rollouts';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatDateTime } from '../../ui/format';

const GATES: Record<RolloutBreach['gate'], string> = {
  fail: 'Fail',
  notReporting: 'Not Reporting',
  newlyErroring: 'Newly erroring',
};

const percent = (value: number) => `${Math.round(value * 10) / 10} %`;

/** Why a rollout reverted: the gate its step breached, by how much, and the agents that counted toward it. */
export function RolloutBreachAlert({ rollout, breach }: { rollout: Rollout; breach: RolloutBreach }) {
  const cohort = rollout.cohorts[breach.step]?.name ?? `cohort ${breach.step + 1}`;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={`Reverted: the ${GATES[breach.gate]} gate of ${cohort} was breached`}
      role="alert"
    >
      <Text size="sm">
        {GATES[breach.gate]}: <b>{percent(breach.percent)}</b> of a sample of {breach.sample}{' '}
        {breach.sample === 1 ? 'agent' : 'agents'}, over the limit of {percent(breach.limit)}, judged{' '}
        {formatDateTime(breach.at)}. Every agent is served version {rollout.fromVersion} again at its next fetch.
      </Text>
      {breach.agents.length > 0 && (
        <>
          <Text size="sm" mt="xs" fw={600}>
            Agents that counted toward it
          </Text>
          <Group gap="xs" component="ul" aria-label="Agents that breached the gate" m={0} p={0}>
            {breach.agents.map((agent) => (
              <Text component="li" key={agent} size="sm" style={{ listStyle: 'none' }}>
                <Anchor component={Link} to={`/agents/${encodeURIComponent(agent)}`}>
                  {agent}
                </Anchor>
              </Text>
            ))}
          </Group>
        </>
      )}
    </Alert>
  );
}
