import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findUserById(db: Executor, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By username or email, without regard to case. */
export async function findUserByLogin(db: Executor, login: string): Promise<UsersTable | undefined> {
  const key = login.toLowerCase();
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('usernameKey', '=', key), eb('emailKey', '=', key)]))
    .orderBy(sql`case when username_key = ${key} then 0 else 1 end`)
    .executeTakeFirst();
}

export async function findUserByExternalId(
  db: Executor,
  provider: UsersTable['authProvider'],
  externalId: string,
): Promise<UsersTable | undefined> {
  return (
    db
      .selectFrom('users')
      .selectAll()
      .where('authProvider', '=', provider)
      // An LDAP DN compares without regard to case (an OWNER_EXTERNAL_ID typed as "CN=Dora,…" is "cn=dora,…").
      // lower() on both sides: each engine's own idea of case (SQLite's is ASCII only) applies alike to both.
      .$if(provider === 'ldap', (q) => q.where(sql<boolean>`lower(external_id) = lower(${externalId})`))
      .$if(provider !== 'ldap', (q) => q.where('externalId', '=', externalId))
      .executeTakeFirst()
  );
}

/** Users of `provider` who are not disabled here, in id order, a page at a time. */
export async function listActiveExternal(
  db: Executor,
  provider: UsersTable['authProvider'],
  afterId: string,
  limit: number,
): Promise<UsersTable[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('authProvider', '=', provider)
    .where('disabledAt', 'is', null)
    .where('externalId', 'is not', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findOwner(db: Executor): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('role', '=', 'owner').executeTakeFirst();
}

export async function insertUser(db: Executor, user: UsersTable): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(db: Executor, id: string, changes: Partial<Omit<UsersTable, 'id'>>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Counts one failed sign-in in the database itself, so failures sent in parallel each count; returns the count. */
export async function recordFailedSignIn(db: Executor, id: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failedLoginCount: eb('failedLoginCount', '+', 1) }))
    .where('id', '=', id)
    .returning('failedLoginCount')
    .executeTakeFirst();
  return row?.failedLoginCount ?? 0;
}

export async function deleteUser(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Which of the two keys another user already holds, if any. */
export async function findTakenIdentity(
  db: Executor,
  keys: { usernameKey?: string; emailKey?: string },
  exceptId?: string,
): Promise<'username' | 'email' | undefined> {
  const rows = await db
    .selectFrom('users')
    .select(['usernameKey', 'emailKey'])
    .where((eb) =>
      eb.or([
        ...(keys.usernameKey ? [eb('usernameKey', '=', keys.usernameKey)] : []),
        ...(keys.emailKey ? [eb('emailKey', '=', keys.emailKey)] : []),
      ]),
    )
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId!))
    .execute();
  if (rows.some((row) => keys.usernameKey !== undefined && row.usernameKey === keys.usernameKey)) return 'username';
  if (rows.length > 0) return 'email';
  return undefined;
}

export interface UserPageQuery {
  search?: string;
  after?: [string, string];
  limit: number;
}

/** `%text%` on username or email, with LIKE's wildcards in the text taken literally on both engines. */
function matching(search: string) {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(username_key like ${pattern} escape '\\' or email_key like ${pattern} escape '\\')`;
}

/** Users ordered by username, keyset-paginated on (username_key, id). */
export async function listUsers(db: Executor, query: UserPageQuery): Promise<UsersTable[]> {
  let qb = db
    .selectFrom('users')
    .selectAll()
    .$if(Boolean(query.search), (q) => q.where(matching(query.search!)));
  if (query.after) {
    const [key, id] = query.after;
    qb = qb.where((eb) =>
      eb.or([eb('usernameKey', '>', key), eb.and([eb('usernameKey', '=', key), eb('id', '>', id)])]),
    );
  }
  return qb.orderBy('usernameKey').orderBy('id').limit(query.limit).execute();
}

export async function countUsers(db: Executor, search: string | undefined): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .$if(Boolean(search), (q) => q.where(matching(search!)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
