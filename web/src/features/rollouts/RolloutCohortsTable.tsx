import { Badge, Table, Text } from '@mantine/core';
import type { Rollout } from '@telegraf-controller/contract/rollouts';
import { useMemo } from 'react';
import { useNow } from '../agents/agent-time';
import { useLabelOptions } from '../labels/labels.queries';
import { isActive } from './rollouts.queries';
import {
  bakeSecondsLeft,
  cohortProgress,
  describeFigures,
  describeSelector,
  formatCountdown,
} from './rollout-progress';

const PROGRESS = {
  served: { color: 'teal', label: 'Reached' },
  baking: { color: 'blue', label: 'Baking' },
  held: { color: 'yellow', label: 'Current' },
  stopped: { color: 'red', label: 'Stopped here' },
  waiting: { color: 'gray', label: 'Waiting' },
} as const;

/**
 * Each cohort in order: how it selects agents, its bake and gates, how far the rollout has come, and its health as
 * the leader last measured it (the cohort's size, its sample, and what each gate counts).
 */
export function RolloutCohortsTable({ rollout }: { rollout: Rollout }) {
  const now = useNow();
  const labels = useLabelOptions(
    '',
    rollout.cohorts.some((cohort) => cohort.labels !== null),
  );
  const names = useMemo(
    () => new Map((labels.data?.items ?? []).map((label) => [label.id, label.name])),
    [labels.data],
  );
  const left = bakeSecondsLeft(rollout, now);

  return (
    <Table.ScrollContainer minWidth={980}>
      <Table aria-label="Cohorts" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>#</Table.Th>
            <Table.Th>Cohort</Table.Th>
            <Table.Th w={110}>Bake</Table.Th>
            <Table.Th>Gates</Table.Th>
            <Table.Th w={230}>Progress</Table.Th>
            <Table.Th w={260}>Health</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rollout.cohorts.map((cohort, index) => {
            const reached = cohortProgress(rollout, index);
            const progress = reached === 'held' && !isActive(rollout) ? 'stopped' : reached;
            const { gates } = cohort;
            const health = describeFigures(rollout, index);
            return (
              <Table.Tr key={index} aria-current={index === rollout.step && progress !== 'served' ? 'step' : undefined}>
                <Table.Td>{index + 1}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {cohort.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {describeSelector(cohort, (id) => names.get(id) ?? id)}
                  </Text>
                </Table.Td>
                <Table.Td>{formatCountdown(cohort.bakeSeconds)}</Table.Td>
                <Table.Td>
                  <Text size="xs">
                    Fail ≤ {gates.maxFailPercent} % · Not Reporting ≤ {gates.maxNotReportingPercent} % · Newly erroring
                    ≤ {gates.maxNewlyErroringPercent} %
                  </Text>
                  <Text size="xs" c="dimmed">
                    Sample of at least {gates.minSample ?? '5 % of the cohort'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={PROGRESS[progress].color} variant="light">
                    {PROGRESS[progress].label}
                  </Badge>
                  {progress === 'baking' && (
                    <Text size="xs" c="dimmed">
                      {left > 0 ? `Bake ends in ${formatCountdown(left)}` : 'Baked: waiting for its gates'}
                    </Text>
                  )}
                  {progress === 'held' && rollout.state === 'paused' && (
                    <Text size="xs" c="dimmed">
                      Paused: resuming bakes it afresh
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {health ? (
                    <>
                      <Text size="xs">{health.cohort}</Text>
                      <Text size="xs" c={health.overLimit ? 'red' : 'dimmed'}>
                        {health.gates}
                      </Text>
                    </>
                  ) : (
                    <Text size="xs" c="dimmed">
                      Not measured yet
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
