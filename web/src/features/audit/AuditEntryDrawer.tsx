import { Drawer, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import type { ReactNode } from 'react';
import { CopyValue } from '../../ui/CopyValue';
import { formatDateTime } from '../../ui/format';
import { AuditDetails } from './AuditDetails';
import { AuditOutcomeBadge } from './AuditOutcomeBadge';

type AuditEntryDrawerProps = {
  /** The entry shown; kept while the drawer closes. */
  entry: AuditEntry | null;
  opened: boolean;
  onClose: () => void;
};

/** An absent value reads as a dimmed dash rather than an empty cell. */
function orDash(value: ReactNode) {
  return (
    value ?? (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    )
  );
}

/** An id or hash: monospace and copyable. */
function copyable(value: string | null, label: string) {
  return value === null ? null : <CopyValue value={value} label={label} />;
}

function FieldTable({ label, rows }: { label: string; rows: [string, ReactNode][] }) {
  return (
    <Table variant="vertical" layout="fixed" withTableBorder aria-label={label}>
      <Table.Tbody>
        {rows.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th w={160}>{name}</Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>{orDash(value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Every field of one entry: who, what, on what, how it ended, the details, and its links in the hash chain. */
export function AuditEntryDrawer({ entry, opened, onClose }: AuditEntryDrawerProps) {
  return (
    <Drawer
      opened={opened && entry !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Text fw={650}>Audit entry {entry?.seq}</Text>}
    >
      {entry && (
        <Stack gap="lg">
          <FieldTable
            label="Entry"
            rows={[
              ['Seq', entry.seq],
              ['Time', `${formatDateTime(entry.at)} (${entry.at})`],
              [
                'Action',
                <Text span size="sm" ff="monospace" key="action">
                  {entry.action}
                </Text>,
              ],
              ['Outcome', <AuditOutcomeBadge outcome={entry.outcome} key="outcome" />],
              ['Actor type', entry.actor.type],
              ['Actor name', entry.actor.name],
              ['Actor ID', copyable(entry.actor.id, 'Copy actor ID')],
              ...(entry.actor.type === 'token'
                ? [['Token owner ID', copyable(entry.actor.tokenOwnerId, 'Copy token owner ID')] as [string, ReactNode]]
                : []),
              ['IP address', entry.ip],
              ['User agent', entry.userAgent],
              ['Target type', entry.target?.type ?? null],
              ['Target name', entry.target?.name ?? null],
              ['Target ID', copyable(entry.target?.id ?? null, 'Copy target ID')],
            ]}
          />
          <Stack gap="xs">
            <Title order={2} fz="h5">
              Details
            </Title>
            <AuditDetails details={entry.details} />
          </Stack>
          <Stack gap="xs">
            <Title order={2} fz="h5">
              Hash chain
            </Title>
            <FieldTable
              label="Hash chain"
              rows={[
                ['Previous hash', copyable(entry.prevHash, 'Copy previous hash')],
                ['Hash', copyable(entry.hash, 'Copy hash')],
              ]}
            />
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}
