import { Table, Text } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { TimeCell } from '../../ui/TimeCell';
import { AuditActorCell } from './AuditActorCell';
import { AuditOutcomeBadge } from './AuditOutcomeBadge';
import { AuditTargetCell } from './AuditTargetCell';

type AuditTableRowProps = { entry: AuditEntry; onOpen: () => void };

/** One entry; clicking it (or Enter on it) opens every field of the entry. */
export function AuditTableRow({ entry, onOpen }: AuditTableRowProps) {
  return (
    <Table.Tr
      onClick={onOpen}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen();
        }
      }}
      tabIndex={0}
      aria-haspopup="dialog"
      style={{ cursor: 'pointer' }}
    >
      <Table.Td>
        <Text size="sm" ff="monospace">
          {entry.seq}
        </Text>
      </Table.Td>
      <TimeCell value={entry.at} />
      <Table.Td>
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
          {entry.action}
        </Text>
      </Table.Td>
      <Table.Td>
        <AuditOutcomeBadge outcome={entry.outcome} />
      </Table.Td>
      <AuditActorCell actor={entry.actor} />
      <AuditTargetCell target={entry.target} />
      <Table.Td>
        <Text size="sm" ff="monospace" c={entry.ip ? undefined : 'dimmed'}>
          {entry.ip ?? '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
