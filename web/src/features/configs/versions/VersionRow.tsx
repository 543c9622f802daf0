import { ActionIcon, Badge, Checkbox, Group, Menu, Table, Text, Tooltip } from '@mantine/core';
import type { ConfigVersion } from '@telegraf-controller/contract/configs';
import { IconArrowBackUp, IconDots, IconEye, IconNote, IconTrash } from '@tabler/icons-react';
import { formatDateTime, formatRelativeTime } from '../../../ui/format';
import type { VersionAction } from './VersionActionDialog';

type VersionRowProps = {
  version: ConfigVersion;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  canWrite: boolean;
  canDelete: boolean;
  onAction: (action: VersionAction) => void;
};

export function VersionRow({ version, selected, onSelect, canWrite, canDelete, onAction }: VersionRowProps) {
  const label = `version ${version.version}`;
  return (
    <Table.Tr bg={selected ? 'var(--mantine-color-navy-light)' : undefined}>
      <Table.Td>
        <Checkbox
          aria-label={`Select ${label}`}
          checked={selected}
          onChange={(event) => onSelect(event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" fw={600}>
            {version.version}
          </Text>
          {version.current && (
            <Badge size="sm" color="teal" variant="light">
              Current
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={version.note ? undefined : 'dimmed'} lineClamp={2}>
          {version.note || 'No note'}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Tooltip label={formatDateTime(version.createdAt)}>
          <Text size="sm" w="fit-content">
            {formatRelativeTime(version.createdAt)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={version.author ? undefined : 'dimmed'}>
          {version.author ?? 'Unknown'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal shadow="md" width={180}>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${label}`}>
              <IconDots size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconEye size={14} aria-hidden />} onClick={() => onAction('view')}>
              View
            </Menu.Item>
            {canWrite && (
              <Menu.Item leftSection={<IconNote size={14} aria-hidden />} onClick={() => onAction('note')}>
                Edit note
              </Menu.Item>
            )}
            {canWrite && !version.current && (
              <Menu.Item leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => onAction('rollback')}>
                Rollback
              </Menu.Item>
            )}
            {canDelete && !version.current && (
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} aria-hidden />}
                onClick={() => onAction('prune')}
              >
                Prune
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
