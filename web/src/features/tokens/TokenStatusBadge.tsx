import { Badge, Group, Tooltip } from '@mantine/core';
import type { Token } from '@telegraf-controller/contract/tokens';
import { IconClockExclamation } from '@tabler/icons-react';
import { formatDateTime } from '../../ui/format';

const LOOK = {
  active: { color: 'green', label: 'Active' },
  revoked: { color: 'gray', label: 'Revoked' },
  expired: { color: 'red', label: 'Expired' },
} as const;

type TokenStatusBadgeProps = { token: Pick<Token, 'status' | 'expiresAt' | 'expiresInDays' | 'revokedAt'> };

/** Active / Revoked / Expired, and a warning while an active token has two weeks or less left. */
export function TokenStatusBadge({ token }: TokenStatusBadgeProps) {
  const { color, label } = LOOK[token.status];
  const when =
    token.status === 'revoked' && token.revokedAt
      ? `Revoked ${formatDateTime(token.revokedAt)}`
      : token.status === 'expired' && token.expiresAt
        ? `Expired ${formatDateTime(token.expiresAt)}`
        : null;
  const badge = (
    <Badge color={color} variant="light" style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
  return (
    <Group gap={6} wrap="nowrap">
      {when ? <Tooltip label={when}>{badge}</Tooltip> : badge}
      {token.expiresInDays !== null && (
        <Badge
          color="orange"
          variant="outline"
          leftSection={<IconClockExclamation size={12} aria-hidden />}
          style={{ flexShrink: 0 }}
        >
          Expires in {token.expiresInDays} day{token.expiresInDays === 1 ? '' : 's'}
        </Badge>
      )}
    </Group>
  );
}
