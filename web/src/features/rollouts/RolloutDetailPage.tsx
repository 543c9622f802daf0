import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPlayerPause, IconPlayerPlay, IconPlayerStop, IconRouteOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { formatDateTime } from '../../ui/format';
import { InfoList } from '../../ui/InfoList';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { useConfig } from '../configs/configs.queries';
import { RolloutBreachAlert } from './RolloutBreachAlert';
import { RolloutCohortsTable } from './RolloutCohortsTable';
import { RolloutStateBadge } from './RolloutStateBadge';
import { isActive, useMoveRollout, useRollout, type RolloutMove } from './rollouts.queries';

const MOVED: Record<RolloutMove, string> = {
  pause: 'Rollout paused',
  resume: 'Rollout resumed',
  abort: 'Rollout aborted',
};

/** One rollout, read again every few seconds while it moves: its cohorts, its step and bake, any breach. */
export function RolloutDetailPage() {
  const { id = '', rolloutId = '' } = useParams();
  const canRead = useCan('configs:read');
  const canWrite = useCan('configs:write');
  const rollout = useRollout(id, rolloutId, canRead);
  const config = useConfig(id, canRead);
  const move = useMoveRollout(id, rolloutId);
  const [aborting, setAborting] = useState(false);
  const back = (
    <Anchor component={Link} to={`/configs/${encodeURIComponent(id)}?tab=rollouts`} size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {config.data ? `${config.data.name}: rollouts` : 'Rollouts'}
      </Group>
    </Anchor>
  );

  if (!canRead) {
    return (
      <>
        <PageHeader title="Rollout" />
        <NoAccess>Your role cannot view configurations.</NoAccess>
      </>
    );
  }
  if (rollout.error?.status === 404) {
    return (
      <>
        {back}
        <PageHeader title="Rollout not found" />
        <EmptyState icon={IconRouteOff} title="No such rollout">
          This rollout does not exist, or belongs to another configuration.
        </EmptyState>
      </>
    );
  }
  if (rollout.error) {
    return <QueryError error={rollout.error} what="the rollout" onRetry={() => void rollout.refetch()} />;
  }
  if (!rollout.data) return <PageLoader />;

  const r = rollout.data;
  const send = (verb: RolloutMove) =>
    move.mutate(verb, {
      onSuccess: () => {
        notifications.show({ color: verb === 'abort' ? 'gray' : 'green', title: MOVED[verb], message: describe(verb) });
        setAborting(false);
      },
    });
  const describe = (verb: RolloutMove) =>
    verb === 'pause'
      ? 'Agents keep what they are served; the step is not judged until it resumes.'
      : verb === 'resume'
        ? 'The current step bakes afresh before its gates are judged.'
        : `Every agent is served version ${r.fromVersion} again at its next fetch.`;

  return (
    <Stack gap="md">
      <div>
        {back}
        <PageHeader
          title={`Rollout v${r.fromVersion} → v${r.toVersion}`}
          description={config.data ? `Of ${config.data.name}.` : undefined}
          actions={
            canWrite &&
            isActive(r) && (
              <>
                {r.state === 'running' ? (
                  <Button
                    variant="default"
                    leftSection={<IconPlayerPause size={16} aria-hidden />}
                    loading={move.isPending && move.variables === 'pause'}
                    onClick={() => send('pause')}
                  >
                    Pause
                  </Button>
                ) : (
                  <Button
                    variant="default"
                    leftSection={<IconPlayerPlay size={16} aria-hidden />}
                    loading={move.isPending && move.variables === 'resume'}
                    onClick={() => send('resume')}
                  >
                    Resume
                  </Button>
                )}
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconPlayerStop size={16} aria-hidden />}
                  onClick={() => setAborting(true)}
                >
                  Abort
                </Button>
              </>
            )
          }
        />
      </div>
      {!aborting && <FormError error={move.error} title="The rollout was not changed" />}
      {r.breach && <RolloutBreachAlert rollout={r} breach={r.breach} />}
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="rollout-facts-heading">
        <Title order={2} fz="h4" id="rollout-facts-heading" mb="md">
          Overview
        </Title>
        <InfoList
          items={[
            { label: 'State', value: <RolloutStateBadge state={r.state} /> },
            {
              label: 'Step',
              value:
                r.state === 'finished' ? `All ${r.cohorts.length} cohorts` : `${r.step + 1} of ${r.cohorts.length}`,
            },
            { label: 'Step started', value: formatDateTime(r.stepStartedAt) },
            { label: 'Started', value: `${formatDateTime(r.createdAt)}${r.createdBy ? ` by ${r.createdBy}` : ''}` },
            { label: 'Ended', value: r.endedAt ? formatDateTime(r.endedAt) : 'Not yet' },
            {
              label: 'Served',
              value: isActive(r)
                ? `v${r.toVersion} to cohorts reached, v${r.fromVersion} to everyone else`
                : `v${r.state === 'finished' ? r.toVersion : r.fromVersion} to everyone (unless pinned)`,
            },
          ]}
        />
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="rollout-cohorts-heading">
        <Title order={2} fz="h4" id="rollout-cohorts-heading">
          Cohorts
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {isActive(r) ? 'Read again every few seconds while the rollout is in progress.' : 'The rollout has ended.'}
        </Text>
        <RolloutCohortsTable rollout={r} />
      </Card>
      <ConfirmModal
        opened={aborting}
        onClose={() => {
          move.reset();
          setAborting(false);
        }}
        title="Abort the rollout"
        confirmLabel="Confirm & Abort"
        color="red"
        onConfirm={() => send('abort')}
        loading={move.isPending}
        error={move.error}
      >
        <Text size="sm">
          The rollout ends for good: every agent is served version {r.fromVersion} again at its next fetch, including
          the cohorts it has reached. Version {r.toVersion} is kept and can be rolled out again.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
