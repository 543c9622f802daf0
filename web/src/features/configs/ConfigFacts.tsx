import { ActionIcon, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import type { Config } from '@telegraf-controller/contract/configs';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { formatDateTime, formatRelativeTime } from '../../ui/format';

/** The ID (people copy it for hand-made URLs), the current version and who changed it when. */
export function ConfigFacts({ config }: { config: Config }) {
  return (
    <Group gap="lg" mt={-8} mb="xs">
      <Group gap={4} wrap="nowrap">
        <Text size="sm" c="dimmed">
          ID
        </Text>
        <Code fz="xs">{config.id}</Code>
        <CopyButton value={config.id} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy ID'} withArrow>
              <ActionIcon
                size="sm"
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label="Copy ID"
              >
                {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
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
