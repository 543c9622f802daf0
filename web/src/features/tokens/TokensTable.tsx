import { Button, Card, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Token, TokenStatus } from '@telegraf-controller/contract/tokens';
import type { User } from '@telegraf-controller/contract/users';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { QueryError } from '../../ui/QueryError';
import { useSelection } from '../../ui/use-selection';
import type { TokenAction } from './TokenActionConfirm';
import { TokenActionDialog } from './TokenActionDialog';
import { TokenBulkBar } from './TokenBulkBar';
import { TokenFilterBar } from './TokenFilterBar';
import { TokenTableRow } from './TokenTableRow';
import { useTokens } from './tokens.queries';
import type { TokenAbilities } from './use-token-abilities';

const SEARCH_DELAY_MS = 300;

type TokensTableProps = { abilities: TokenAbilities };

/** The tokens the caller may see, filtered and paginated by the server, with row and bulk actions. */
export function TokensTable({ abilities }: TokensTableProps) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const [status, setStatus] = useState<TokenStatus | null>(null);
  const [owner, setOwner] = useState<User | null>(null);
  const [rowAction, setRowAction] = useState<{ token: Token | null; action: TokenAction | null }>({
    token: null,
    action: null,
  });
  const tokens = useTokens({ status, search: debouncedSearch, userId: owner?.id ?? null });
  const rows = tokens.data?.pages.flatMap((page) => page.items) ?? [];
  const total = tokens.data?.pages[0]?.total ?? 0;
  const selectable = abilities.revoke || abilities.remove || abilities.reassign;
  const selection = useSelection(rows);
  const filtered = Boolean(debouncedSearch || status || owner);

  // Only shown rows are ever acted on; a new filter also starts a new selection, so rows it hides never come
  // back selected without the user seeing it.
  const refilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      selection.clear();
    };

  if (tokens.isSuccess && total === 0 && !filtered) {
    return (
      <EmptyState icon={IconKey} title="No API tokens yet">
        A token lets a script or a Telegraf agent call the API as its owner, limited to the permissions chosen for it.
        Its value is shown only once, when it is created.
      </EmptyState>
    );
  }

  return (
    <Stack gap="sm">
      <TokenFilterBar
        search={search}
        onSearch={refilter(setSearch)}
        status={status}
        onStatus={refilter(setStatus)}
        owner={abilities.filterByOwner ? { value: owner, onChange: refilter(setOwner) } : undefined}
      />
      {selection.selected.length > 0 && (
        <TokenBulkBar selected={selection.selected} abilities={abilities} onClear={selection.clear} />
      )}
      {tokens.error && <QueryError error={tokens.error} what="the tokens" onRetry={() => void tokens.refetch()} />}
      {tokens.isPending && (
        <Text c="dimmed" size="sm">
          Loading tokens…
        </Text>
      )}
      {tokens.data && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={1060}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  {selectable && (
                    <Table.Th w={40}>
                      <Checkbox aria-label="Select all shown tokens" {...selection.allProps} />
                    </Table.Th>
                  )}
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Permissions</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Agents</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th w={48} aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((token) => (
                  <TokenTableRow
                    key={token.id}
                    token={token}
                    selectable={selectable}
                    selected={selection.isSelected(token.id)}
                    onSelect={(on) => selection.select([token.id], on)}
                    abilities={abilities}
                    onAction={(action) => setRowAction({ token, action })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length === 0 && (
            <Text c="dimmed" size="sm" p="md">
              No token matches these filters.
            </Text>
          )}
        </Card>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Showing {rows.length} of {total}
          </Text>
          {tokens.hasNextPage && (
            <Button variant="default" onClick={() => void tokens.fetchNextPage()} loading={tokens.isFetchingNextPage}>
              Load more
            </Button>
          )}
        </Group>
      )}
      <TokenActionDialog
        token={rowAction.token}
        action={rowAction.action}
        onClose={() => setRowAction((current) => ({ ...current, action: null }))}
      />
    </Stack>
  );
}
