import { Text } from '@mantine/core';
import { DeleteManyDialog } from '../../ui/DeleteManyDialog';
import { useBulkDeleteAgents, useDeleteAgent } from './agents.queries';

type AgentDeleteDialogProps = {
  agents: { id: string; name: string }[];
  opened: boolean;
  onClose: () => void;
  onDeleted?: () => void;
};

/** Confirms and deletes one agent, or several in one request; says what comes back and what does not. */
export function AgentDeleteDialog({ agents, opened, onClose, onDeleted }: AgentDeleteDialogProps) {
  const many = agents.length > 1;
  return (
    <DeleteManyDialog
      items={agents}
      opened={opened}
      onClose={onClose}
      onDeleted={onDeleted}
      noun={{ one: 'agent', many: 'agents' }}
      deleteOne={useDeleteAgent()}
      deleteMany={useBulkDeleteAgents()}
    >
      <Text size="sm">
        {many ? 'These agents' : <b>{agents[0]?.name}</b>} will be removed from the controller with{' '}
        {many ? 'their' : 'its'} labels, reporting rule and heartbeat history. The running Telegraf is not touched: an
        agent that keeps sending heartbeats comes back as new, with the default rule and no labels.
      </Text>
    </DeleteManyDialog>
  );
}
