import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { Config } from '@telegraf-controller/contract/configs';
import { CopyValue } from '../../ui/CopyValue';
import { formatDateTime, formatRelativeTime } from '../../ui/format';

/**
 * The ID (people copy it for hand-made URLs), the current version, the one agents are served (ADR 27) and who changed
 * it when.
 */
export function ConfigFacts({ config }: { config: Config }) {
  return (
    <Group gap="lg" mt={-8} mb="xs">
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c="dimmed">
          ID
        </Text>
        <CopyValue value={config.id} label="Copy ID" />
      </Group>
      <Text size="sm" c="dimmed">
        Version <b>{config.version}</b>
      </Text>
      <Text size="sm" c="dimmed" data-testid="served-version">
        Serving <b>v{config.pinnedVersion ?? config.publishedVersion}</b>
        {config.publishMode === 'explicit' ? ' · publishes explicitly' : ''}
      </Text>
      {config.pinnedVersion !== null && (
        <Tooltip label="The kill switch: every agent is served this version until it is unpinned">
          <Badge color="red" variant="light">
            Pinned to v{config.pinnedVersion}
          </Badge>
        </Tooltip>
      )}
      <Tooltip label={formatDateTime(config.updatedAt)}>
        <Text size="sm" c="dimmed">
          Updated {formatRelativeTime(config.updatedAt)}
          {config.updatedBy ? ` by ${config.updatedBy}` : ''}
        </Text>
      </Tooltip>
    </Group>
  );
}
