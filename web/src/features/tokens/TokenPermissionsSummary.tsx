import { Badge, Stack, Text, Tooltip } from '@mantine/core';
import type { Permission } from '@telegraf-controller/contract/permissions';
import { ACTION_LABELS, groupPermissions, RESOURCE_LABELS } from '../../ui/permission-labels';

/** A count for the table cell; the tooltip spells out the permissions by resource. */
export function TokenPermissionsSummary({ permissions }: { permissions: readonly Permission[] }) {
  if (permissions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None
      </Text>
    );
  }
  const groups = groupPermissions(permissions);
  return (
    <Tooltip
      multiline
      w={300}
      withArrow
      label={
        <Stack gap={2}>
          {groups.map(({ resource, actions }) => (
            <Text key={resource} size="xs">
              <b>{RESOURCE_LABELS[resource]}</b>: {actions.map((action) => ACTION_LABELS[action]).join(', ')}
            </Text>
          ))}
        </Stack>
      }
    >
      <Badge variant="default" radius="sm" tt="none" style={{ cursor: 'help', flexShrink: 0 }}>
        {permissions.length} permission{permissions.length === 1 ? '' : 's'}
      </Badge>
    </Tooltip>
  );
}
