import type { Permission } from '@telegraf-controller/contract/permissions';
import type { Token, TokenStatus } from '@telegraf-controller/contract/tokens';
import type { ApiTokensTable } from '../../db/schema.js';
import type { TokenRow } from './tokens.repo.js';

const DAY_MS = 86_400_000;
const WARN_DAYS = 14;

export function tokenStatus(token: Pick<ApiTokensTable, 'revokedAt' | 'expiresAt'>, now = Date.now()): TokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/** The only way a token leaves the server: no hash, and never the value. */
export function presentToken(row: TokenRow, now = Date.now()): Token {
  const status = tokenStatus(row, now);
  const left = row.expiresAt === null ? Infinity : Date.parse(row.expiresAt) - now;
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    username: row.username,
    status,
    permissions: JSON.parse(row.permissions) as Permission[],
    last4: row.last4,
    source: row.source,
    createdAt: row.createdAt,
    createdBy: row.createdByUsername,
    expiresAt: row.expiresAt,
    expiresInDays: status === 'active' && left <= WARN_DAYS * DAY_MS ? Math.ceil(left / DAY_MS) : null,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedByUsername,
    lastUsedAt: row.lastUsedAt,
    lastUsedFrom: row.lastUsedFrom,
    parentTokenId: row.parentTokenId,
    activeChildren: Number(row.activeChildren),
    agentCount: Number(row.agentCount),
  };
}
