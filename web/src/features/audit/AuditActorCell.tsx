import { Table, Text } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';

/** Who acted: the name (or id) over its kind; a token also names the user it belongs to. */
export function AuditActorCell({ actor }: { actor: AuditEntry['actor'] }) {
  const name = actor.name ?? actor.id ?? (actor.type === 'system' ? 'System' : 'Unknown');
  const kind = actor.type === 'token' && actor.tokenOwnerId ? `token of ${actor.tokenOwnerId}` : actor.type;
  return (
    <Table.Td>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        {name}
      </Text>
      <Text size="xs" c="dimmed">
        {kind}
      </Text>
    </Table.Td>
  );
}
