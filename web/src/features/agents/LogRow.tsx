import { Badge, Code, Stack, Table, Text } from '@mantine/core';
import type { StoredLogEntry } from '@telegraf-controller/contract/agents';
import { formatDateTime } from '../../ui/format';

const LEVEL_COLORS: Record<StoredLogEntry['level'], string> = {
  ERROR: 'red',
  WARN: 'yellow',
  INFO: 'blue',
  DEBUG: 'gray',
  TRACE: 'gray',
};

type LogRowProps = { entry: StoredLogEntry; expanded: boolean; onToggle: () => void };

/** One log entry; opened, it shows the whole message and the attributes. */
export function LogRow({ entry, expanded, onToggle }: LogRowProps) {
  const hasAttributes = entry.attributes !== undefined && Object.keys(entry.attributes).length > 0;
  return (
    <>
      <Table.Tr
        onClick={onToggle}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onToggle();
          }
        }}
        tabIndex={0}
        aria-expanded={expanded}
        style={{ cursor: 'pointer' }}
      >
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="xs">{formatDateTime(entry.time)}</Text>
        </Table.Td>
        <Table.Td>
          <Badge size="sm" variant="light" color={LEVEL_COLORS[entry.level]} radius="sm">
            {entry.level}
          </Badge>
        </Table.Td>
        <Table.Td>
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {entry.source}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" lineClamp={expanded ? undefined : 1} style={{ wordBreak: 'break-word' }}>
            {entry.message}
            {entry.truncated && (
              <Text span size="xs" c="dimmed" ml={6}>
                (truncated)
              </Text>
            )}
          </Text>
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={4} bg="var(--mantine-color-gray-0)">
            <Stack gap="xs">
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {entry.message}
              </Code>
              {hasAttributes && (
                <>
                  <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                    Attributes
                  </Text>
                  <Code block>{JSON.stringify(entry.attributes, null, 2)}</Code>
                </>
              )}
              {entry.attributesDropped && (
                <Text size="xs" c="dimmed">
                  Some attributes were dropped to keep the entry within the size limit.
                </Text>
              )}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
