import { ActionIcon, Anchor, Badge, Box, Group, Menu, Paper, Stack, Text, Tooltip } from '@mantine/core';
import type { Config } from '@telegraf-controller/contract/configs';
import { IconArrowDown, IconArrowUp, IconDots, IconGripVertical, IconTrash } from '@tabler/icons-react';
import { useRef, type DragEvent } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../api';
import { pluginCount } from './member-list';

export type MemberMoves = {
  up?: () => void;
  down?: () => void;
  remove: () => void;
  /** Native drag and drop: this card started a drag, or something was dropped on it. */
  dragStart: () => void;
  dragEnd: () => void;
  dragOver: () => void;
  drop: () => void;
};

type MemberCardProps = {
  id: string;
  position: number;
  name: string;
  config: Config | undefined;
  error: ApiError | null;
  /** Where a dragged card would land: a line is drawn above this card. */
  dropTarget: boolean;
  dragging: boolean;
  /** Absent for roles that cannot change the group. */
  moves?: MemberMoves;
};

/** One member in merge order: what it is, and (to writers) the controls that move or remove it. */
export function MemberCard({ id, position, name, config, error, dropTarget, dragging, moves }: MemberCardProps) {
  const card = useRef<HTMLLIElement>(null);
  const plugins = config ? pluginCount(config.toml) : null;

  const dragStart = (event: DragEvent) => {
    if (!moves) return;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', name);
    if (card.current) event.dataTransfer.setDragImage(card.current, 16, 16);
    moves.dragStart();
  };
  const dragOver = (event: DragEvent) => {
    if (!moves) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    moves.dragOver();
  };

  return (
    <Paper
      ref={card}
      component="li"
      withBorder
      radius="md"
      p="sm"
      onDragOver={dragOver}
      onDrop={(event: DragEvent) => {
        event.preventDefault();
        moves?.drop();
      }}
      style={{
        listStyle: 'none',
        opacity: dragging ? 0.5 : 1,
        boxShadow: dropTarget ? '0 -3px 0 0 var(--mantine-primary-color-filled)' : undefined,
      }}
      data-testid="group-member"
    >
      <Group gap="sm" wrap="nowrap">
        {moves && (
          // Dragging is for pointers; the Move buttons do the same for keyboards and screen readers.
          <Box
            draggable
            onDragStart={dragStart}
            onDragEnd={moves.dragEnd}
            aria-hidden
            c="dimmed"
            style={{ cursor: 'grab', display: 'flex' }}
          >
            <IconGripVertical size={18} />
          </Box>
        )}
        <Text size="sm" c="dimmed" fw={600} w={20} ta="right">
          {position}
        </Text>
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Anchor component={Link} to={`/configs/${id}`} fw={600} size="sm" truncate>
            {config?.name ?? name}
          </Anchor>
          {error ? (
            <Text size="xs" c="red.7">
              {error.status === 404 ? 'This configuration no longer exists.' : error.detail}
            </Text>
          ) : (
            <Text size="xs" c="dimmed" truncate>
              {config?.description || (config ? 'No description' : '\u00a0')}
            </Text>
          )}
        </Stack>
        {plugins !== null && (
          <Badge variant="light" color="gray" radius="sm" tt="none">
            {plugins} plugin{plugins === 1 ? '' : 's'}
          </Badge>
        )}
        {moves && (
          <Group gap={2} wrap="nowrap">
            <Tooltip label="Move up" withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={!moves.up}
                onClick={moves.up}
                aria-label={`Move ${name} up`}
              >
                <IconArrowUp size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down" withArrow>
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={!moves.down}
                onClick={moves.down}
                aria-label={`Move ${name} down`}
              >
                <IconArrowDown size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" withinPortal shadow="md" width={200}>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`}>
                  <IconDots size={16} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={moves.remove}>
                  Remove from group
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
    </Paper>
  );
}
