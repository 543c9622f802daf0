import { Table, Text, Tooltip } from '@mantine/core';
import { formatDateTime, formatRelativeTime } from './format';

type TimeCellProps = {
  /** An ISO timestamp. */
  value: string;
  /** Who made the change, shown under the time. */
  by?: string | null;
};

/** A table cell with a time as "3 hours ago", the exact time in its tooltip. */
export function TimeCell({ value, by }: TimeCellProps) {
  return (
    <Table.Td style={{ whiteSpace: 'nowrap' }}>
      <Tooltip label={formatDateTime(value)}>
        <Text size="sm" w="fit-content">
          {formatRelativeTime(value)}
        </Text>
      </Tooltip>
      {by && (
        <Text size="xs" c="dimmed">
          by {by}
        </Text>
      )}
    </Table.Td>
  );
}
