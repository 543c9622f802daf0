import { Stack, Table, Text } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { capitalize } from '../../ui/format';
import { AuditDetailValue } from './AuditDetailValue';
import { AuditDiff } from './AuditDiff';

/** `parentTokenId` → "Parent token id", `through_seq` → "Through seq". */
function fieldLabel(key: string): string {
  return capitalize(
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replaceAll('_', ' ')
      .toLowerCase(),
  );
}

/** What an entry records about the change: its fields, and a configuration's TOML diff shown as a diff. */
export function AuditDetails({ details }: { details: AuditEntry['details'] }) {
  const diff = typeof details.diff === 'string' ? details.diff : null;
  const rows = Object.entries(details).filter(([key]) => key !== 'diff' || diff === null);
  if (rows.length === 0 && diff === null) {
    return (
      <Text size="sm" c="dimmed">
        No details recorded.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {rows.length > 0 && (
        <Table variant="vertical" layout="fixed" withTableBorder aria-label="Details">
          <Table.Tbody>
            {rows.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th w={160}>{fieldLabel(key)}</Table.Th>
                <Table.Td>
                  <AuditDetailValue value={value} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {diff !== null && <AuditDiff diff={diff} />}
    </Stack>
  );
}
