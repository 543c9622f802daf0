import { Anchor, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../ui/format';
import { QueryError } from '../../ui/QueryError';
import { RoleBadge } from '../../ui/RoleBadge';
import { UserStatusBadge } from './UserStatusBadge';
import { PROVIDER_NAMES } from './provider-names';
import { useUsers } from './users.queries';

const SEARCH_DELAY_MS = 300;

/** The accounts, searched and paginated by the server; a row opens the user's detail page. */
export function UsersTable() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const users = useUsers(debouncedSearch);
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const total = users.data?.pages[0]?.total ?? 0;

  return (
    <Stack gap="sm" component="section" aria-labelledby="users-heading">
      <Group justify="space-between" align="flex-end">
        <Title order={2} fz="h4" id="users-heading">
          Accounts
        </Title>
        <TextInput
          aria-label="Search users"
          placeholder="Search username, email or name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={300}
        />
      </Group>
      {users.error && <QueryError error={users.error} what="the users" onRetry={() => void users.refetch()} />}
      {users.data && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Username</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Signs in with</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((user) => (
                  <Table.Tr key={user.id} onClick={() => navigate(`/users/${user.id}`)} style={{ cursor: 'pointer' }}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/users/${user.id}`}
                        fw={600}
                        onClick={(event) => event.stopPropagation()}
                      >
                        {user.username}
                      </Anchor>
                      {user.displayName && (
                        <Text size="xs" c="dimmed">
                          {user.displayName}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>
                      <RoleBadge role={user.role} />
                    </Table.Td>
                    <Table.Td>{PROVIDER_NAMES[user.authProvider]}</Table.Td>
                    <Table.Td>
                      <UserStatusBadge user={user} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(user.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length === 0 && (
            <Text c="dimmed" size="sm" p="md">
              {debouncedSearch ? `No user matches “${debouncedSearch}”.` : 'No users yet.'}
            </Text>
          )}
        </Card>
      )}
      {users.isPending && (
        <Text c="dimmed" size="sm">
          Loading users…
        </Text>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Showing {rows.length} of {total}
          </Text>
          {users.hasNextPage && (
            <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
              Load more
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
