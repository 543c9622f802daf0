import { Anchor, Badge, Code, Group, Table, Text } from '@mantine/core';
import type { ConfigGroup } from '@telegraf-controller/contract/configs';
import { Link, useNavigate } from 'react-router';
import { SelectableRow } from '../../ui/SelectableRow';
import { TimeCell } from '../../ui/TimeCell';
import { AgentCountCell } from '../agents/AgentCountCell';
import { LabelsCell } from '../labels/LabelChip';

type ConfigGroupTableRowProps = {
  group: ConfigGroup;
  selectable: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
};

export function ConfigGroupTableRow({ group, selectable, selected, onSelect }: ConfigGroupTableRowProps) {
  const navigate = useNavigate();
  const path = `/config-groups/${group.id}`;
  return (
    <SelectableRow
      name={group.name}
      selectable={selectable}
      selected={selected}
      onSelect={onSelect}
      onOpen={() => navigate(path)}
    >
      <Table.Td>
        <Anchor component={Link} to={path} fw={600} size="sm">
          {group.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={group.description ? undefined : 'dimmed'} lineClamp={2} maw={380}>
          {group.description || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color="gray" radius="sm" tt="none">
          {group.configIds.length}
        </Badge>
      </Table.Td>
      <AgentCountCell count={group.agentCount} />
      <LabelsCell labels={group.labels} />
      <Table.Td>
        {group.aliases.length === 0 ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Group gap={4}>
            {group.aliases.map((alias) => (
              <Code key={alias} fz="xs">
                {alias}
              </Code>
            ))}
          </Group>
        )}
      </Table.Td>
      <TimeCell value={group.updatedAt} by={group.updatedBy} />
    </SelectableRow>
  );
}
