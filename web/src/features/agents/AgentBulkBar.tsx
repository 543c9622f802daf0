import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AgentSummaryRow } from '@telegraf-controller/contract/agents';
import { IconFileCheck, IconTags, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { BulkBar } from '../../ui/BulkBar';
import { ManageLabelsModal } from '../labels/ManageLabelsModal';
import { agentName } from './agent-name';
import { AgentDeleteDialog } from './AgentDeleteDialog';
import { AGENT_LABELS, useAssignRule } from './agents.queries';
import { RuleChoiceModal } from './RuleChoiceModal';

type AgentBulkBarProps = { selected: AgentSummaryRow[]; onClear: () => void; canWrite: boolean; canDelete: boolean };

/** Actions on the selected agents: a reporting rule, labels, deletion. */
export function AgentBulkBar({ selected, onClear, canWrite, canDelete }: AgentBulkBarProps) {
  const [action, setAction] = useState<'rule' | 'labels' | 'delete' | null>(null);
  const assignRule = useAssignRule();
  const items = selected.map((agent) => ({ id: agent.id, name: agentName(agent), labels: agent.labels }));
  const count = `${selected.length} ${selected.length === 1 ? 'agent' : 'agents'}`;

  const closeRule = () => {
    setAction(null);
    assignRule.reset();
  };
  const confirmRule = (reportingRuleId: string) =>
    assignRule.mutate(
      { ids: selected.map((agent) => agent.id), reportingRuleId },
      {
        onSuccess: ({ changed, missing }) => {
          notifications.show({
            color: 'green',
            title: 'Reporting rule assigned',
            message: `${changed.length} ${changed.length === 1 ? 'agent follows' : 'agents follow'} the rule now${
              missing.length > 0 ? `; ${missing.length} had been deleted.` : '.'
            }`,
          });
          closeRule();
        },
      },
    );

  return (
    <>
      <BulkBar count={selected.length} onClear={onClear}>
        {canWrite && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileCheck size={14} aria-hidden />}
            onClick={() => setAction('rule')}
          >
            Assign Rule
          </Button>
        )}
        {canWrite && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconTags size={14} aria-hidden />}
            onClick={() => setAction('labels')}
          >
            Manage Labels
          </Button>
        )}
        {canDelete && (
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={() => setAction('delete')}
          >
            Delete
          </Button>
        )}
      </BulkBar>
      <RuleChoiceModal
        opened={action === 'rule'}
        onClose={closeRule}
        title={`Assign a reporting rule to ${count}`}
        confirmLabel={`Assign to ${count}`}
        onConfirm={confirmRule}
        loading={assignRule.isPending}
        error={assignRule.error}
      >
        <Text size="sm">
          The rule decides when a silent agent counts as not reporting, and whether it is deleted after a while.
        </Text>
      </RuleChoiceModal>
      <ManageLabelsModal
        resource={AGENT_LABELS}
        items={items}
        opened={action === 'labels'}
        onClose={() => setAction(null)}
      />
      <AgentDeleteDialog
        agents={items}
        opened={action === 'delete'}
        onClose={() => setAction(null)}
        onDeleted={onClear}
      />
    </>
  );
}
