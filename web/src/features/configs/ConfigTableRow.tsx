import { Anchor, Badge, Menu, Table, Text } from '@mantine/core';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { RowMenu } from '../../ui/RowMenu';
import { SelectableRow } from '../../ui/SelectableRow';
import { TimeCell } from '../../ui/TimeCell';
import { AgentCountCell } from '../agents/AgentCountCell';
import { LabelsCell } from '../labels/LabelChip';

type ConfigTableRowProps = {
  config: ConfigSummary;
  selectable: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** Offered only to roles that may delete configurations. */
  onDelete?: () => void;
};

export function ConfigTableRow({ config, selectable, selected, onSelect, onDelete }: ConfigTableRowProps) {
  const path = `/configs/${config.id}`;
  return (
    <SelectableRow name={config.name} selectable={selectable} selected={selected} onSelect={onSelect}>
      <Table.Td>
        <Anchor component={Link} to={path} fw={600} size="sm">
          {config.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={config.description ? undefined : 'dimmed'} lineClamp={2} maw={420}>
          {config.description || '—'}
        </Text>
      </Table.Td>
      <LabelsCell labels={config.labels} />
      <Table.Td>
        <Badge variant="light" color="gray" radius="sm" tt="none">
          v{config.version}
        </Badge>
      </Table.Td>
      <AgentCountCell count={config.agentCount} />
      <TimeCell value={config.updatedAt} by={config.updatedBy} />
      <Table.Td w={48}>
        <RowMenu name={config.name}>
          <Menu.Item component={Link} to={path} leftSection={<IconEdit size={14} aria-hidden />}>
            View/Edit
          </Menu.Item>
          {onDelete && (
            <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
              Delete
            </Menu.Item>
          )}
        </RowMenu>
      </Table.Td>
    </SelectableRow>
  );
}
