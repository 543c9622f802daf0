import { Badge, Group, Menu, Table, Text, Tooltip } from '@mantine/core';
import type { ConfigVersion } from '@telegraf-controller/contract/configs';
import {
  IconArrowBackUp,
  IconCircleCheck,
  IconEye,
  IconFileDiff,
  IconNote,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { RowMenu } from '../../../ui/RowMenu';
import { SelectableRow } from '../../../ui/SelectableRow';
import { TimeCell } from '../../../ui/TimeCell';
import type { VersionAction } from './VersionActionDialog';

type VersionRowProps = {
  version: ConfigVersion;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  canWrite: boolean;
  canDelete: boolean;
  /** What agents are served (ADR 27), for the row's badges and whether Publish is offered. */
  served: { published: number; pinned: number | null };
  /** Someone other than its author may approve it (four eyes). */
  canApprove: boolean;
  onAction: (action: VersionAction) => void;
};

export function VersionRow({
  version,
  selected,
  onSelect,
  canWrite,
  canDelete,
  served,
  canApprove,
  onAction,
}: VersionRowProps) {
  const label = `version ${version.version}`;
  return (
    <SelectableRow name={label} selectable selected={selected} onSelect={onSelect}>
      <Table.Td>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {version.version}
          </Text>
          {version.current && (
            <Badge size="sm" color="teal" variant="light">
              Current
            </Badge>
          )}
          {version.version === served.published && (
            <Badge size="sm" color="blue" variant="light">
              Published
            </Badge>
          )}
          {version.approvedAt !== null && (
            <Tooltip label={`Approved by ${version.approvedBy ?? 'a deleted user'}`}>
              <Badge
                size="sm"
                color="grape"
                variant="light"
                aria-label={`Approved by ${version.approvedBy ?? 'a deleted user'}`}
              >
                Approved
              </Badge>
            </Tooltip>
          )}
          {version.version === served.pinned && (
            <Badge size="sm" color="red" variant="light">
              Pinned
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={version.note ? undefined : 'dimmed'} lineClamp={2}>
          {version.note || 'No note'}
        </Text>
      </Table.Td>
      <TimeCell value={version.createdAt} />
      <Table.Td>
        <Text size="sm" c={version.author ? undefined : 'dimmed'}>
          {version.author ?? 'Unknown'}
        </Text>
      </Table.Td>
      <Table.Td>
        <RowMenu name={label} width={180}>
          <Menu.Item leftSection={<IconEye size={14} aria-hidden />} onClick={() => onAction('view')}>
            View
          </Menu.Item>
          {canWrite && (
            <Menu.Item leftSection={<IconNote size={14} aria-hidden />} onClick={() => onAction('note')}>
              Edit note
            </Menu.Item>
          )}
          <Menu.Item leftSection={<IconFileDiff size={14} aria-hidden />} onClick={() => onAction('review')}>
            Review
          </Menu.Item>
          {canWrite && version.version !== served.published && (
            <Menu.Item leftSection={<IconSend size={14} aria-hidden />} onClick={() => onAction('publish')}>
              Publish
            </Menu.Item>
          )}
          {canWrite && canApprove && version.approvedAt === null && (
            <Menu.Item leftSection={<IconCircleCheck size={14} aria-hidden />} onClick={() => onAction('approve')}>
              Approve
            </Menu.Item>
          )}
          {canWrite && !version.current && (
            <Menu.Item leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => onAction('rollback')}>
              Rollback
            </Menu.Item>
          )}
          {canDelete && !version.current && (
            <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => onAction('prune')}>
              Prune
            </Menu.Item>
          )}
        </RowMenu>
      </Table.Td>
    </SelectableRow>
  );
}
