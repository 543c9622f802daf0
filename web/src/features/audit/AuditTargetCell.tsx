import { Table, Text } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';

/** What was acted on: its name (or id) over its type; an entry about nothing in particular shows a dash. */
export function AuditTargetCell({ target }: { target: AuditEntry['target'] }) {
  if (!target) {
    return (
      <Table.Td>
        <Text size="sm" c="dimmed">
          —
        </Text>
      </Table.Td>
    );
  }
  return (
    <Table.Td>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {target.name ?? target.id ?? '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {target.type}
      </Text>
    </Table.Td>
  );
}
