import type { Transaction } from 'kysely';
import { mayHoldTokens, rolePermissions, type Permission, type Role } from '@telegraf-controller/contract/permissions';
import type { Database } from '../../db/schema.js';
import { revokeTokenRow, tokensOfUser, updateToken } from './tokens.repo.js';

/** Keeps only what the role grants, in table order. */
export function narrowToRole(permissions: readonly Permission[], role: Role): Permission[] {
  const grants = rolePermissions(role);
  return permissions.filter((p) => grants.has(p));
}

/** On a transfer of ownership, inside its transaction: the bootstrap token moves to the new owner, untouched. */
export async function handOverBootstrapTokens(
  trx: Transaction<Database>,
  fromUserId: string,
  toUserId: string,
): Promise<void> {
  for (const token of await tokensOfUser(trx, fromUserId)) {
    if (token.source === 'bootstrap') await updateToken(trx, token.id, { userId: toUserId });
  }
}

/**
 * After a role change, inside its transaction: tokens are narrowed to the new role and stored narrowed (they never
 * widen); a user lowered to a role that may not hold tokens (Viewer) has every active token revoked.
 */
export async function fitTokensToRole(
  trx: Transaction<Database>,
  userId: string,
  role: Role,
  /** Who changed the role; null when a directory's groups did at sign-in. */
  actorId: string | null,
): Promise<void> {
  const now = new Date().toISOString();
  for (const token of await tokensOfUser(trx, userId)) {
    // The bootstrap token is the owner's and is never narrowed (it follows ownership: `handOverBootstrapTokens`).
    if (token.source === 'bootstrap') continue;
    if (!mayHoldTokens(role)) {
      await revokeTokenRow(trx, token.id, actorId, now);
      continue;
    }
    const current = JSON.parse(token.permissions) as Permission[];
    const narrowed = narrowToRole(current, role);
    if (narrowed.length !== current.length) await updateToken(trx, token.id, { permissions: JSON.stringify(narrowed) });
  }
}
