import { ActionIcon, Button, Menu, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Constant } from '@telegraf-controller/contract/configs';
import { IconDots, IconEdit, IconSearch, IconTrash, IconVariable } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime, formatRelativeTime } from '../../ui/format';
import { PagedTable } from '../../ui/PagedTable';
import { ConstantDeleteDialog } from './ConstantDeleteDialog';
import { ConstantFormModal } from './ConstantFormModal';
import { ConstantUsageButton } from './ConstantUsage';
import { useConstantPages } from './constants.queries';

const SEARCH_DELAY_MS = 300;

type ConstantsTableProps = { canWrite: boolean; canDelete: boolean; onAdd?: () => void };

/** The constants by name, searched and paginated by the server, with edit and delete. */
export function ConstantsTable({ canWrite, canDelete, onAdd }: ConstantsTableProps) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const constants = useConstantPages(debouncedSearch);
  const [editing, setEditing] = useState<Constant | null>(null);
  const [deleting, setDeleting] = useState<Constant | null>(null);
  const rows = constants.data?.pages.flatMap((page) => page.items) ?? [];
  const total = constants.data?.pages[0]?.total ?? 0;

  if (constants.isSuccess && total === 0 && !debouncedSearch) {
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
      <PagedTable
        query={constants}
        label="Constants"
        what="the constants"
        minWidth={760}
        head={
          <>
            <Table.Th>Constant</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th w={130}>Configs</Table.Th>
            <Table.Th w={150}>Updated</Table.Th>
          </>
        }
        noMatch={`No constant matches “${debouncedSearch}”.`}
      >
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
                      <Menu.Item leftSection={<IconEdit size={14} aria-hidden />} onClick={() => setEditing(constant)}>
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
      </PagedTable>
      <ConstantFormModal constant={editing} opened={editing !== null} onClose={() => setEditing(null)} />
      <ConstantDeleteDialog constant={deleting} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
