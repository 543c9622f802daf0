import { Button, Group, List, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Token, TokenBulkResult } from '@telegraf-controller/contract/tokens';
import type { User } from '@telegraf-controller/contract/users';
import { IconBan, IconTrash, IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';
import { TokenActionConfirm, type TokenAction } from './TokenActionConfirm';
import { tokensInWords } from './token-labels';
import { useBulkTokens } from './tokens.queries';
import type { TokenAbilities } from './use-token-abilities';

const DONE: Record<TokenAction, string> = { revoke: 'revoked', delete: 'deleted', reassign: 'reassigned' };

type TokenBulkBarProps = { selected: Token[]; abilities: TokenAbilities; onClear: () => void };

/** Actions on the selected rows; each token gets its own result, so some may fail while the rest go through. */
export function TokenBulkBar({ selected, abilities, onClear }: TokenBulkBarProps) {
  const [action, setAction] = useState<TokenAction | null>(null);
  const bulk = useBulkTokens();

  const close = () => {
    setAction(null);
    bulk.reset();
  };
  const confirm = (newOwner: User | null) => {
    if (!action) return;
    const names = new Map(selected.map((token) => [token.id, token.name]));
    bulk.mutate(
      { action, ids: selected.map((token) => token.id), ...(newOwner ? { userId: newOwner.id } : {}) },
      {
        onSuccess: (result) => {
          showSummary(action, result, names);
          close();
          onClear();
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" px="md" py="xs" bg="navy.0" aria-label="Bulk actions" component="section">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Text size="sm" fw={600}>
            {selected.length} selected
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={onClear}>
            Clear selection
          </Button>
        </Group>
        <Group gap="xs">
          {abilities.revoke && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconBan size={14} aria-hidden />}
              onClick={() => setAction('revoke')}
            >
              Revoke
            </Button>
          )}
          {abilities.reassign && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconUserShare size={14} aria-hidden />}
              onClick={() => setAction('reassign')}
            >
              Reassign
            </Button>
          )}
          {abilities.remove && (
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconTrash size={14} aria-hidden />}
              onClick={() => setAction('delete')}
            >
              Delete
            </Button>
          )}
        </Group>
      </Group>
      <TokenActionConfirm
        action={action}
        tokens={selected}
        onClose={close}
        onConfirm={confirm}
        loading={bulk.isPending}
        error={bulk.error}
      />
    </Paper>
  );
}

function showSummary(action: TokenAction, result: TokenBulkResult, names: Map<string, string>) {
  const failures = result.results.filter((item) => !item.ok);
  if (failures.length === 0) {
    notifications.show({
      color: 'green',
      title: `${tokensInWords(result.succeeded)} ${DONE[action]}`,
      message: action === 'reassign' ? 'Their values keep working for the new owner.' : 'Done.',
    });
    return;
  }
  notifications.show({
    color: result.succeeded === 0 ? 'red' : 'orange',
    title: `${result.succeeded} ${DONE[action]}, ${result.failed} failed`,
    autoClose: false,
    message: (
      <List size="sm" spacing={2}>
        {failures.map((item) => (
          <List.Item key={item.id}>
            <b>{names.get(item.id) ?? item.id}</b>: {item.detail ?? item.code ?? `status ${item.status}`}
          </List.Item>
        ))}
      </List>
    ),
  });
}
