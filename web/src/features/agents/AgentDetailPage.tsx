import { Button, Grid, Group, Stack } from '@mantine/core';
import { IconServerOff, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { LabelsBox } from '../labels/LabelsBox';
import { raisedFlags } from './agent-flags';
import { agentName } from './agent-name';
import { AgentConfigsCard } from './AgentConfigsCard';
import { AgentDeleteDialog } from './AgentDeleteDialog';
import { AgentFlagAlert } from './AgentFlagAlert';
import { AgentMetadataCard } from './AgentMetadataCard';
import { AgentRuleCard } from './AgentRuleCard';
import { AGENT_LABELS, useAgent, useHeartbeatStatistics, useLatestHeartbeat } from './agents.queries';
import { AgentStatusBadge } from './AgentStatus';
import { BackToAgents } from './BackToAgents';
import { DuplicateIdAlert } from './DuplicateIdAlert';
import { HeartbeatDataCard } from './HeartbeatDataCard';
import { IncompatibleAlert } from './IncompatibleAlert';
import { OutdatedAlert } from './OutdatedAlert';
import { RefreshControl } from './RefreshControl';
import { ReportedLogsCard } from './ReportedLogsCard';

export function AgentDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const canRead = useCan('agents:read');
  const canWrite = useCan('agents:write');
  const canDelete = useCan('agents:delete');
  const canReadHeartbeats = useCan('heartbeat:read');
  const agent = useAgent(id, canRead);
  const heartbeat = useLatestHeartbeat(id, canRead && canReadHeartbeats && agent.isSuccess);
  const history = useHeartbeatStatistics(id, canRead && canReadHeartbeats && agent.isSuccess);
  const [deleting, setDeleting] = useState(false);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Agent" />
        <NoAccess>Your role cannot view agents.</NoAccess>
      </>
    );
  }
  if (agent.error?.status === 404) {
    return (
      <>
        <BackToAgents />
        <PageHeader title="Agent not found" />
        <EmptyState icon={IconServerOff} title="No such agent">
          This agent does not exist. It may have been deleted, by hand or by its reporting rule; it comes back with its
          next heartbeat.
        </EmptyState>
      </>
    );
  }
  if (agent.error) return <QueryError error={agent.error} what="the agent" onRetry={() => void agent.refetch()} />;
  if (!agent.data) return <PageLoader />;

  const data = agent.data;
  const name = agentName(data);
  return (
    <Stack gap="lg">
      <div>
        <BackToAgents />
        <PageHeader
          title={name}
          description={data.hostname && data.hostname !== data.id ? `Agent ID ${data.id}` : undefined}
          actions={
            <Group gap="sm">
              <AgentStatusBadge status={data.status} />
              <RefreshControl />
              {canDelete && (
                <Button
                  variant="light"
                  color="red"
                  leftSection={<IconTrash size={16} aria-hidden />}
                  onClick={() => setDeleting(true)}
                >
                  Delete
                </Button>
              )}
            </Group>
          }
        />
      </div>
      {data.duplicate && <DuplicateIdAlert duplicate={data.duplicate} />}
      {raisedFlags(data).map(({ flag, count }) => (
        <AgentFlagAlert key={flag} flag={flag} count={count} />
      ))}
      {data.outdated && <OutdatedAlert configs={data.configs} />}
      {data.incompatible && <IncompatibleAlert version={data.version} configs={data.configs} />}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <HeartbeatDataCard agent={data} history={history.data} />
            <AgentConfigsCard configs={data.configs} />
            {heartbeat.error && (
              <QueryError
                error={heartbeat.error}
                what="the latest heartbeat"
                onRetry={() => void heartbeat.refetch()}
              />
            )}
            {heartbeat.data && (
              <ReportedLogsCard
                agentId={data.id}
                logs={heartbeat.data.logs}
                reportedCount={heartbeat.data.reportedLogCount}
              />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <AgentMetadataCard agent={data} />
            <LabelsBox resource={AGENT_LABELS} item={{ id: data.id, name, labels: data.labels }} canWrite={canWrite} />
            <AgentRuleCard agent={data} canWrite={canWrite} />
          </Stack>
        </Grid.Col>
      </Grid>
      <AgentDeleteDialog
        agents={[{ id: data.id, name }]}
        opened={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/agents')}
      />
    </Stack>
  );
}
