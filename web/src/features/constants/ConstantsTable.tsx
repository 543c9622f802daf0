import { ActionIcon, Button, Card, Group, Menu, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import type { Constant } from '@telegraf-controller/contract/configs';
import { IconDots, IconEdit, IconSearch, IconTrash, IconVariable } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime, formatRelativeTime } from '../../ui/format';
import { QueryError } from '../../ui/QueryError';
import { ConstantDeleteDialog } from './ConstantDeleteDialog';
import { ConstantFormModal } from './ConstantFormModal';
import { ConstantUsageButton } from './ConstantUsage';
import { useConstants } from './constants.queries';

type ConstantsTableProps = { canWrite: boolean; canDelete: boolean; onAdd?: () => void };

export function ConstantsTable({ canWrite, canDelete, onAdd }: ConstantsTableProps) {
  const constants = useConstants();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Constant | null>(null);
  const [deleting, setDeleting] = useState<Constant | null>(null);
  const all = constants.data?.items ?? [];
  const needle = search.trim().toLowerCase();
  const rows = needle
    ? all.filter((c) => `${c.name} ${c.value} ${c.description ?? ''}`.toLowerCase().includes(needle))
    : all;

  if (constants.error) {
    return <QueryError error={constants.error} what="the constants" onRetry={() => void constants.refetch()} />;
  }
  if (constants.isPending) {
    return (
      <Text c="dimmed" size="sm">
        Loading constants…
      </Text>
    );
  }
  if (all.length === 0) {
    return (
      <EmptyState
        icon={IconVariable}
        title="No constants yet"
        action={
          onAdd && (
            <Button variant="light" onClick={onAdd}>
              Add the first constant
            </Button>
          )
        }
      >
        A constant holds one value, such as an InfluxDB URL, for every configuration that writes{' '}
        <code>::{'{name}'}</code>. Change it once and every agent using it gets the new value.
      </EmptyState>
    );
  }
  return (
    <Stack gap="sm">
      <TextInput
        aria-label="Search constants"
        placeholder="Search name, value or description"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        w={320}
      />
      <Card withBorder padding={0} radius="md">
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Constants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Constant</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th w={130}>Configs</Table.Th>
                <Table.Th w={150}>Updated</Table.Th>
                <Table.Th w={48} aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((constant) => (
                <Table.Tr key={constant.name}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" fw={600} c="orange.8">
                      {constant.name}
                    </Text>
                    {constant.description && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {constant.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }} maw={460}>
                      {constant.value || (
                        <Text span c="dimmed">
                          (empty)
                        </Text>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ConstantUsageButton constant={constant} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Tooltip label={formatDateTime(constant.updatedAt)}>
                      <Text size="sm" w="fit-content">
                        {formatRelativeTime(constant.updatedAt)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    {(canWrite || canDelete) && (
                      <Menu position="bottom-end" withinPortal shadow="md" width={160}>
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${constant.name}`}>
                            <IconDots size={16} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {canWrite && (
                            <Menu.Item
                              leftSection={<IconEdit size={14} aria-hidden />}
                              onClick={() => setEditing(constant)}
                            >
                              View/Edit
                            </Menu.Item>
                          )}
                          {canDelete && (
                            <Menu.Item
                              color="red"
                              leftSection={<IconTrash size={14} aria-hidden />}
                              onClick={() => setDeleting(constant)}
                            >
                              Delete
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rows.length === 0 && (
          <Text c="dimmed" size="sm" p="md">
            No constant matches “{search.trim()}”.
          </Text>
        )}
      </Card>
      <Group justify="flex-end">
        <Text size="sm" c="dimmed">
          {rows.length === all.length
            ? `${all.length} constant${all.length === 1 ? '' : 's'}`
            : `Showing ${rows.length} of ${all.length}`}
        </Text>
      </Group>
      <ConstantFormModal constant={editing} opened={editing !== null} onClose={() => setEditing(null)} />
      <ConstantDeleteDialog constant={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
