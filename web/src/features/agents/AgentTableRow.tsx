import { Anchor, Group, Menu, Stack, Table, Text } from '@mantine/core';
import type { AgentSummaryRow } from '@telegraf-controller/contract/agents';
import { IconEye, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { RowMenu } from '../../ui/RowMenu';
import { SelectableRow } from '../../ui/SelectableRow';
import { LabelChip } from '../labels/LabelChip';
import { agentName, agentPagePath } from './agent-name';
import { AgentFactCells } from './AgentFactCells';
import { DuplicateIdBadge } from './DuplicateIdBadge';

type AgentTableRowProps = {
  agent: AgentSummaryRow;
  showLabels: boolean;
  selectable: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** Offered only to roles that may delete agents. */
  onDelete?: () => void;
};

export function AgentTableRow({ agent, showLabels, selectable, selected, onSelect, onDelete }: AgentTableRowProps) {
  const name = agentName(agent);
  const path = agentPagePath(agent.id);
  return (
    <SelectableRow name={name} selectable={selectable} selected={selected} onSelect={onSelect}>
      <Table.Td>
        <Stack gap={4}>
          <Group gap="xs">
            <Anchor component={Link} to={path} fw={600} size="sm" style={{ wordBreak: 'break-all' }}>
              {name}
            </Anchor>
            {agent.duplicate && <DuplicateIdBadge duplicate={agent.duplicate} />}
          </Group>
          {agent.hostname && agent.hostname !== agent.id && (
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {agent.id}
            </Text>
          )}
          {showLabels && agent.labels.length > 0 && (
            <Group gap={4} maw={420}>
              {agent.labels.map((label) => (
                <LabelChip key={label.id} label={label} size="sm" />
              ))}
            </Group>
          )}
        </Stack>
      </Table.Td>
      <AgentFactCells agent={agent} />
      <Table.Td w={48}>
        <RowMenu name={name}>
          <Menu.Item component={Link} to={path} leftSection={<IconEye size={14} aria-hidden />}>
            View Details
          </Menu.Item>
          {onDelete && (
            <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
              Delete Agent
            </Menu.Item>
          )}
        </RowMenu>
      </Table.Td>
    </SelectableRow>
  );
}
