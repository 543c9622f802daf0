import { IconServer2 } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function AgentsPage() {
  return (
    <>
      <PageHeader
        title="Agents"
        description="The Telegraf agents reporting to this controller: their status, configurations and last heartbeat."
      />
      <EmptyState icon={IconServer2} title="No agents yet">
        Agents appear here when their first heartbeat arrives.
      </EmptyState>
    </>
  );
}
