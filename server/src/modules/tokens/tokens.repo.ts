import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { TOKEN_AGENT_DAYS, type TokenStatus } from '@telegraf-controller/contract/tokens';
import type { ApiTokensTable, Database, UsersTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A token with the names a person reads (its owner, creator and revoker) and how many working children it has. */
export interface TokenRow extends ApiTokensTable {
  username: string;
  createdByUsername: string | null;
  revokedByUsername: string | null;
  activeChildren: number | string;
  agentCount: number | string;
}

function withNames(db: Executor) {
  const now = new Date().toISOString();
  const since = new Date(Date.now() - TOKEN_AGENT_DAYS * 86_400_000).toISOString();
  return db
    .selectFrom('apiTokens')
    .innerJoin('users as owner', 'owner.id', 'apiTokens.userId')
    .leftJoin('users as creator', 'creator.id', 'apiTokens.createdBy')
    .leftJoin('users as revoker', 'revoker.id', 'apiTokens.revokedBy')
    .selectAll('apiTokens')
    .select([
      'owner.username as username',
      'creator.username as createdByUsername',
      'revoker.username as revokedByUsername',
      sql<number | string>`(select count(*) from api_tokens as child where child.parent_token_id = api_tokens.id
        and child.revoked_at is null and (child.expires_at is null or child.expires_at > ${now}))`.as('activeChildren'),
      // Agents whose heartbeats, or whose configuration fetches (ADR 26), came with the token.
      sql<number | string>`(select count(*) from (
        select agents.id from agents where agents.token_id = api_tokens.id and agents.token_seen_at >= ${since}
        union
        select f.agent_id from config_fetches f join agents on agents.id = f.agent_id
          where f.token_id = api_tokens.id and f.checked_at >= ${since}) used)`.as('agentCount'),
    ]);
}

/** Ids of the tokens created with these tokens, and with those, and so on, that are not revoked yet. */
export async function unrevokedDescendants(db: Executor, ids: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  let parents = [...ids];
  while (parents.length > 0 && found.size < 10_000) {
    const children = await db
      .selectFrom('apiTokens')
      .select('id')
      .where('parentTokenId', 'in', parents)
      .where('revokedAt', 'is', null)
      .execute();
    parents = children.map((row) => row.id).filter((id) => !found.has(id));
    for (const id of parents) found.add(id);
  }
  return [...found];
}

export async function insertToken(db: Executor, token: ApiTokensTable): Promise<void> {
  await db.insertInto('apiTokens').values(token).execute();
}

export async function findTokenRow(db: Executor, id: string): Promise<TokenRow | undefined> {
  return withNames(db).where('apiTokens.id', '=', id).executeTakeFirst();
}

export async function findTokenByHashWithOwner(
  db: Executor,
  tokenHash: string,
): Promise<{ token: ApiTokensTable; owner: UsersTable } | undefined> {
  const token = await db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
  if (token === undefined) return undefined;
  const owner = await db.selectFrom('users').selectAll().where('id', '=', token.userId).executeTakeFirst();
  return owner === undefined ? undefined : { token, owner };
}

export async function findTokenIdBy(
  db: Executor,
  column: 'nameKey' | 'tokenHash',
  value: string,
): Promise<string | undefined> {
  return (await db.selectFrom('apiTokens').select('id').where(column, '=', value).executeTakeFirst())?.id;
}

export interface TokenFilter {
  userId?: string;
  status?: TokenStatus;
  search?: string;
  now: string;
}

function filtered(eb: ExpressionBuilder<Database & { owner: UsersTable }, 'apiTokens'>, filter: TokenFilter) {
  const conditions = [];
  if (filter.userId !== undefined) conditions.push(eb('apiTokens.userId', '=', filter.userId));
  if (filter.status === 'revoked') conditions.push(eb('apiTokens.revokedAt', 'is not', null));
  if (filter.status === 'active') {
    conditions.push(eb('apiTokens.revokedAt', 'is', null));
    conditions.push(eb.or([eb('apiTokens.expiresAt', 'is', null), eb('apiTokens.expiresAt', '>', filter.now)]));
  }
  if (filter.status === 'expired') {
    conditions.push(eb('apiTokens.revokedAt', 'is', null));
    conditions.push(eb('apiTokens.expiresAt', '<=', filter.now));
  }
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql<boolean>`api_tokens.name_key like ${pattern} escape '\\'`);
  }
  return eb.and(conditions);
}

/** Newest first (ids are UUIDv7), keyset-paginated on id. */
export async function listTokenRows(
  db: Executor,
  filter: TokenFilter,
  page: { before?: string; limit: number },
): Promise<TokenRow[]> {
  return withNames(db)
    .where((eb) => filtered(eb as never, filter))
    .$if(page.before !== undefined, (q) => q.where('apiTokens.id', '<', page.before!))
    .orderBy('apiTokens.id', 'desc')
    .limit(page.limit)
    .execute();
}

export async function countTokens(db: Executor, filter: TokenFilter): Promise<number> {
  const row = await db
    .selectFrom('apiTokens')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where((eb) => filtered(eb as never, filter))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function updateToken(
  db: Executor,
  id: string,
  changes: Partial<Omit<ApiTokensTable, 'id' | 'tokenHash'>>,
): Promise<void> {
  await db.updateTable('apiTokens').set(changes).where('id', '=', id).execute();
}

/** Revokes unless already revoked; reports whether this call revoked it. */
export async function revokeTokenRow(db: Executor, id: string, actorId: string | null, at: string): Promise<boolean> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: at, revokedBy: actorId })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteTokenRow(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('apiTokens').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function tokensOfUser(db: Executor, userId: string): Promise<ApiTokensTable[]> {
  return db.selectFrom('apiTokens').selectAll().where('userId', '=', userId).execute();
}

export async function bootstrapTokens(db: Executor): Promise<ApiTokensTable[]> {
  return db.selectFrom('apiTokens').selectAll().where('source', '=', 'bootstrap').execute();
}

export async function recordTokenUse(db: Executor, id: string, at: string, from: string): Promise<void> {
  await db.updateTable('apiTokens').set({ lastUsedAt: at, lastUsedFrom: from }).where('id', '=', id).execute();
}

/** Active tokens (not revoked, not expired, owner enabled) holding `permission`, of owners whose role grants it. */
export async function countUsableTokens(db: Executor, permission: string, roles: readonly string[], now: string) {
  if (roles.length === 0) return 0;
  const row = await db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('apiTokens.revokedAt', 'is', null)
    .where((eb) => eb.or([eb('apiTokens.expiresAt', 'is', null), eb('apiTokens.expiresAt', '>', now)]))
    .where('users.disabledAt', 'is', null)
    .where('users.role', 'in', roles as never)
    .where('apiTokens.permissions', 'like', `%"${permission}"%`)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
