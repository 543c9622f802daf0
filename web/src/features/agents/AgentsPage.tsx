import { useState } from 'react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { AgentsList } from './AgentsList';
import { RefreshControl } from './RefreshControl';

export function AgentsPage() {
  const canRead = useCan('agents:read');
  const canWrite = useCan('agents:write');
  const canDelete = useCan('agents:delete');
  const [refreshMs, setRefreshMs] = useState(0);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Telegraf Agents" />
        <NoAccess>Your role cannot view agents.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Telegraf Agents"
        description="View and manage your Telegraf agents: their status, versions and last heartbeat."
        actions={<RefreshControl interval={{ value: refreshMs, onChange: setRefreshMs }} />}
      />
      <AgentsList canWrite={canWrite} canDelete={canDelete} refreshMs={refreshMs} />
    </>
  );
}
