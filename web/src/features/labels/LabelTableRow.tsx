import { Menu, Table, Text } from '@mantine/core';
import type { Label } from '@telegraf-controller/contract/labels';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import { RowMenu } from '../../ui/RowMenu';
import { SelectableRow } from '../../ui/SelectableRow';
import { LabelChip } from './LabelChip';

type LabelTableRowProps = {
  label: Label;
  selectable: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** Offered only to roles that may change labels. */
  onEdit?: () => void;
  /** Offered only to roles that may delete labels. */
  onDelete?: () => void;
};

/** How many items of one kind carry the label; none is dimmed. */
function Count({ value }: { value: number }) {
  return (
    <Table.Td>
      <Text size="sm" c={value === 0 ? 'dimmed' : undefined}>
        {value}
      </Text>
    </Table.Td>
  );
}

export function LabelTableRow({ label, selectable, selected, onSelect, onEdit, onDelete }: LabelTableRowProps) {
  return (
    <SelectableRow name={label.name} selectable={selectable} selected={selected} onSelect={onSelect}>
      <Table.Td>
        <LabelChip label={label} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={label.description ? undefined : 'dimmed'} lineClamp={2} maw={460}>
          {label.description || '—'}
        </Text>
      </Table.Td>
      <Count value={label.usage.configs} />
      <Count value={label.usage.configGroups} />
      <Count value={label.usage.agents} />
      <Table.Td w={48}>
        {(onEdit || onDelete) && (
          <RowMenu name={label.name} width={160}>
            {onEdit && (
              <Menu.Item leftSection={<IconEdit size={14} aria-hidden />} onClick={onEdit}>
                Edit
              </Menu.Item>
            )}
            {onDelete && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
                Delete
              </Menu.Item>
            )}
          </RowMenu>
        )}
      </Table.Td>
    </SelectableRow>
  );
}
