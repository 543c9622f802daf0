import { Group, Text, Tooltip } from '@mantine/core';
import type { Config } from '@telegraf-controller/contract/configs';
import { CopyValue } from '../../ui/CopyValue';
import { formatDateTime, formatRelativeTime } from '../../ui/format';

/** The ID (people copy it for hand-made URLs), the current version and who changed it when. */
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
      <Tooltip label={formatDateTime(config.updatedAt)}>
        <Text size="sm" c="dimmed">
          Updated {formatRelativeTime(config.updatedAt)}
          {config.updatedBy ? ` by ${config.updatedBy}` : ''}
        </Text>
      </Tooltip>
    </Group>
  );
}
