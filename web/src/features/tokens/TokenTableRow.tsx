import { Anchor, Badge, Checkbox, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { TOKEN_AGENT_DAYS, type Token } from '@telegraf-controller/contract/tokens';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDate, formatDateTime, formatRelativeTime } from '../../ui/format';
import { SOURCE_DESCRIPTIONS, SOURCE_LABELS } from './token-labels';
import type { TokenAction } from './TokenActionConfirm';
import { TokenPermissionsSummary } from './TokenPermissionsSummary';
import { TokenRowMenu } from './TokenRowMenu';
import { TokenStatusBadge } from './TokenStatusBadge';
import type { TokenAbilities } from './use-token-abilities';

type TokenTableRowProps = {
  token: Token;
  selectable: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  abilities: TokenAbilities;
  onAction: (action: TokenAction) => void;
};

/** A cell whose content never wraps: badges, names and dates read badly broken over two lines. */
function Cell({ children }: { children: ReactNode }) {
  return <Table.Td style={{ whiteSpace: 'nowrap' }}>{children}</Table.Td>;
}

/** The day in the table, the exact time on hover; null reads "Never". */
function When({ value }: { value: string | null }) {
  if (!value) {
    return (
      <Text size="sm" c="dimmed">
        Never
      </Text>
    );
  }
  return (
    <Tooltip label={formatDateTime(value)}>
      <Text size="sm" w="fit-content">
        {formatDate(value)}
      </Text>
    </Tooltip>
  );
}

export function TokenTableRow({ token, selectable, selected, onSelect, abilities, onAction }: TokenTableRowProps) {
  return (
    <Table.Tr bg={selected ? 'var(--mantine-color-navy-light)' : undefined}>
      {selectable && (
        <Table.Td w={40}>
          <Checkbox
            aria-label={`Select ${token.name}`}
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
          />
        </Table.Td>
      )}
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Anchor component={Link} to={`/tokens/${token.id}`} fw={600} size="sm">
            {token.name}
          </Anchor>
          {token.source !== 'user' && (
            <Tooltip label={SOURCE_DESCRIPTIONS[token.source]}>
              <Badge size="xs" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }}>
                {SOURCE_LABELS[token.source]}
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
      <Cell>{token.username}</Cell>
      <Cell>
        <TokenStatusBadge token={token} />
      </Cell>
      <Cell>
        <TokenPermissionsSummary permissions={token.permissions} />
      </Cell>
      <Cell>
        {token.lastUsedAt ? (
          <Stack gap={0}>
            <Tooltip label={formatDateTime(token.lastUsedAt)}>
              <Text size="sm" w="fit-content">
                {formatRelativeTime(token.lastUsedAt)}
              </Text>
            </Tooltip>
            {token.lastUsedFrom && (
              <Text size="xs" c="dimmed">
                from {token.lastUsedFrom}
              </Text>
            )}
          </Stack>
        ) : (
          <When value={null} />
        )}
      </Cell>
      <Cell>
        <Tooltip label={`Agents whose heartbeats came with this token in the last ${TOKEN_AGENT_DAYS} days`}>
          <Text size="sm" w="fit-content" c={token.agentCount === 0 ? 'dimmed' : undefined} data-testid="token-agents">
            {token.agentCount.toLocaleString()}
          </Text>
        </Tooltip>
      </Cell>
      <Cell>
        <When value={token.createdAt} />
      </Cell>
      <Cell>
        <When value={token.expiresAt} />
      </Cell>
      <Table.Td w={48}>
        <TokenRowMenu token={token} abilities={abilities} onAction={onAction} />
      </Table.Td>
    </Table.Tr>
  );
}
