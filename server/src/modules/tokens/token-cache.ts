import type { Kysely } from 'kysely';
import { rolePermissions, type Permission } from '@telegraf-controller/contract/permissions';
import type { ApiTokensTable, Database, UsersTable } from '../../db/schema.js';
import { findTokenByHashWithOwner } from './tokens.repo.js';

export interface CachedToken {
  token: ApiTokensTable;
  owner: UsersTable;
  /** The token's permissions ∩ the owner's role, worked out once per cache fill. */
  permissions: ReadonlySet<Permission>;
}

export interface TokenCache {
  /** The token with this hash and its owner, from memory when possible. */
  lookup(tokenHash: string): Promise<CachedToken | undefined>;
  /** The token with this hash if memory holds it; never asks the database. */
  peek(tokenHash: string): CachedToken | undefined;
  /**
   * Forgets everything: every change to a token or a user calls this, so the next request sees the change; other
   * controllers on the same database hear of the change from the database (`db/cache-sync.ts`) and call it too.
   */
  invalidate(): void;
  size(): number;
  /**
   * Tokens found in memory, and those that had to be read from the database, since start (for /metrics). A check
   * from memory that finds nothing goes on to `lookup`, which counts it once.
   */
  lookups(): Readonly<{ hits: number; misses: number }>;
}

/**
 * One cache per process, shared by every listener. Unknown hashes are not cached (a flood of made-up tokens must
 * not fill memory). A lookup that started before an invalidation does not store its now-stale answer.
 */
export function createTokenCache(db: Kysely<Database>, maxEntries = 200_000): TokenCache {
  const entries = new Map<string, CachedToken>();
  const lookups = { hits: 0, misses: 0 };
  let generation = 0;
  return {
    async lookup(tokenHash) {
      const hit = entries.get(tokenHash);
      if (hit !== undefined) {
        lookups.hits += 1;
        return hit;
      }
      lookups.misses += 1;
      const started = generation;
      const row = await findTokenByHashWithOwner(db, tokenHash);
      if (row === undefined) return undefined;
      const grants = rolePermissions(row.owner.role);
      const permissions = new Set((JSON.parse(row.token.permissions) as Permission[]).filter((p) => grants.has(p)));
      const found = { ...row, permissions };
      if (started === generation) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(tokenHash, found);
      }
      return found;
    },
    peek(tokenHash) {
      const hit = entries.get(tokenHash);
      if (hit !== undefined) lookups.hits += 1;
      return hit;
    },
    invalidate() {
      generation += 1;
      entries.clear();
    },
    size: () => entries.size,
    lookups: () => lookups,
  };
}
