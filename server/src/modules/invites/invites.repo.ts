import type { Kysely, Transaction } from 'kysely';
import { afterCursor } from '../../db/keyset.js';
import type { Database, InvitesTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertInvite(db: Executor, invite: InvitesTable): Promise<void> {
  await db.insertInto('invites').values(invite).execute();
}

/** One page, newest first (keyset on created_at, id), with the inviter's username. */
export async function listInvites(
  db: Executor,
  query: { after?: [string, string]; limit: number },
): Promise<Array<InvitesTable & { createdByUsername: string | null }>> {
  return db
    .selectFrom('invites')
    .leftJoin('users', 'users.id', 'invites.createdBy')
    .selectAll('invites')
    .select('users.username as createdByUsername')
    .$if(query.after !== undefined, (q) =>
      q.where(afterCursor(['invites.createdAt', 'invites.id'], query.after!, true)),
    )
    .orderBy('invites.createdAt', 'desc')
    .orderBy('invites.id', 'desc')
    .limit(query.limit)
    .execute();
}

export async function countInvites(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('invites')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findInviteByCodeHash(db: Executor, codeHash: string): Promise<InvitesTable | undefined> {
  return db.selectFrom('invites').selectAll().where('codeHash', '=', codeHash).executeTakeFirst();
}

/** A pending invite that already claims this username or email. */
export async function findInviteClaiming(
  db: Executor,
  usernameKey: string,
  emailKey: string,
  now: string,
): Promise<InvitesTable | undefined> {
  return db
    .selectFrom('invites')
    .selectAll()
    .where('expiresAt', '>', now)
    .where((eb) => eb.or([eb('usernameKey', '=', usernameKey), eb('emailKey', '=', emailKey)]))
    .executeTakeFirst();
}

/** Deletes and reports whether it was there: the single use of a link is decided by this delete. */
export async function deleteInvite(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('invites').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The newest pending invite of this email for this provider (external sign-in matches on email and provider). */
export async function findPendingInviteFor(
  db: Executor,
  emailKey: string,
  provider: InvitesTable['provider'],
  now: string,
): Promise<InvitesTable | undefined> {
  return db
    .selectFrom('invites')
    .selectAll()
    .where('emailKey', '=', emailKey)
    .where('provider', '=', provider)
    .where('expiresAt', '>', now)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
}
