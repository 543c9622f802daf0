import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { Config } from '@telegraf-controller/contract/configs';
import type { Rollout } from '@telegraf-controller/contract/rollouts';
import { IconPlus, IconRoute } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { TimeCell } from '../../ui/TimeCell';
import { NewRolloutModal } from './NewRolloutModal';
import { rolloutPath } from './rollout-progress';
import { RolloutStateBadge } from './RolloutStateBadge';
import { isActive, useRollouts } from './rollouts.queries';
import { ServingCard } from './ServingCard';

type RolloutsTabProps = { config: Config; canWrite: boolean };

/** What is served, and the rollouts that change it step by step (ADR 27), newest first. */
export function RolloutsTab({ config, canWrite }: RolloutsTabProps) {
  const rollouts = useRollouts(config.id);
  const [creating, setCreating] = useState(false);
  const items = rollouts.data?.items ?? [];
  const active = items.find(isActive);

  const list = () => {
    if (rollouts.error) {
      return <QueryError error={rollouts.error} what="the rollouts" onRetry={() => void rollouts.refetch()} />;
    }
    if (!rollouts.data) return <PageLoader />;
    if (items.length === 0) {
      return (
        <EmptyState icon={IconRoute} title="No rollouts yet">
          A rollout serves a new version to one cohort of agents after another, and reverts by itself when a cohort
          turns unhealthy.
        </EmptyState>
      );
    }
    return (
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Rollouts" verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120}>State</Table.Th>
              <Table.Th w={120}>Versions</Table.Th>
              <Table.Th>Progress</Table.Th>
              <Table.Th w={200}>Started</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((rollout) => (
              <RolloutRow key={rollout.id} rollout={rollout} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <Stack gap="lg">
      <ServingCard config={config} canWrite={canWrite} />
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="rollouts-heading">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={2} fz="h4" id="rollouts-heading">
              Rollouts
            </Title>
            <Text size="sm" c="dimmed">
              Agents take part only when their URL carries their identity parameter; the others stay on the published
              version until a rollout finishes.
            </Text>
          </div>
          {canWrite && (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => setCreating(true)}
              disabled={active !== undefined || config.pinnedVersion !== null}
            >
              New Rollout
            </Button>
          )}
        </Group>
        {canWrite && active && (
          <Alert color="blue" variant="light" mb="sm">
            One rollout at a time:{' '}
            <Anchor component={Link} to={rolloutPath(active)}>
              the one in progress
            </Anchor>{' '}
            must finish or be aborted before another starts.
          </Alert>
        )}
        {canWrite && !active && config.pinnedVersion !== null && (
          <Alert color="red" variant="light" mb="sm">
            Pinned to version {config.pinnedVersion}: unpin it before starting a rollout.
          </Alert>
        )}
        {list()}
      </Card>
      {/* Keyed by version: the form starts from the latest version each time one is saved. */}
      <NewRolloutModal key={config.version} config={config} opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function RolloutRow({ rollout }: { rollout: Rollout }) {
  const total = rollout.cohorts.length;
  const reached = rollout.state === 'finished' ? total : rollout.step + 1;
  return (
    <Table.Tr>
      <Table.Td>
        <RolloutStateBadge state={rollout.state} />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={rolloutPath(rollout)} fw={600} size="sm">
          v{rollout.fromVersion} → v{rollout.toVersion}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{rollout.state === 'finished' ? `All ${total} cohorts` : `Step ${reached} of ${total}`}</Text>
        <Text size="xs" c="dimmed">
          {rollout.cohorts.map((cohort) => cohort.name).join(' → ')}
        </Text>
      </Table.Td>
      <TimeCell value={rollout.createdAt} by={rollout.createdBy} />
    </Table.Tr>
  );
}
