import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Permission } from '@telegraf-controller/contract/permissions';
import { ACTION_LABELS, groupPermissions, RESOURCE_LABELS } from '../../ui/permission-labels';

type PermissionChipsProps = { permissions: readonly Permission[]; color?: string; empty?: string };

/** Permissions as one line per resource: its name, then a chip per action held. */
export function PermissionChips({ permissions, color = 'navy', empty = 'No permissions.' }: PermissionChipsProps) {
  const groups = groupPermissions(permissions);
  if (groups.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {groups.map(({ resource, actions }) => (
        <Group key={resource} component="li" gap="xs" wrap="nowrap" align="center">
          <Text size="sm" fw={500} w={150} style={{ flexShrink: 0 }}>
            {RESOURCE_LABELS[resource]}
          </Text>
          <Group gap={6}>
            {actions.map((action) => (
              <Badge key={action} variant="light" color={color} radius="sm" tt="none">
                {ACTION_LABELS[action]}
              </Badge>
            ))}
          </Group>
        </Group>
      ))}
    </Stack>
  );
}
