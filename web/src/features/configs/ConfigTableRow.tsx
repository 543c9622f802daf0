import { ActionIcon, Anchor, Badge, Checkbox, Menu, Table, Text, Tooltip } from '@mantine/core';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import { IconDots, IconEdit, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatDateTime, formatRelativeTime } from '../../ui/format';

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
    <Table.Tr bg={selected ? 'var(--mantine-color-navy-light)' : undefined}>
      {selectable && (
        <Table.Td w={40}>
          <Checkbox
            aria-label={`Select ${config.name}`}
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
          />
        </Table.Td>
      )}
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
      <Table.Td>
        <Badge variant="light" color="gray" radius="sm" tt="none">
          v{config.version}
        </Badge>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Tooltip label={formatDateTime(config.updatedAt)}>
          <Text size="sm" w="fit-content">
            {formatRelativeTime(config.updatedAt)}
          </Text>
        </Tooltip>
        {config.updatedBy && (
          <Text size="xs" c="dimmed">
            by {config.updatedBy}
          </Text>
        )}
      </Table.Td>
      <Table.Td w={48}>
        <Menu position="bottom-end" withinPortal shadow="md" width={170}>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${config.name}`}>
              <IconDots size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component={Link} to={path} leftSection={<IconEdit size={14} aria-hidden />}>
              View/Edit
            </Menu.Item>
            {onDelete && (
              <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
                Delete
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
