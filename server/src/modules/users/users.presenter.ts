import type { User } from '@telegraf-controller/contract/users';
import type { UsersTable } from '../../db/schema.js';

/** The only way a user row leaves the server: no hash, no counters. */
export function presentUser(row: UsersTable, now: number = Date.now()): User {
  const locked = row.lockedUntil !== null && Date.parse(row.lockedUntil) > now;
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    authProvider: row.authProvider,
    externalId: row.externalId,
    status: row.disabledAt !== null ? 'disabled' : locked ? 'locked' : 'active',
    lockedUntil: locked ? row.lockedUntil : null,
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
