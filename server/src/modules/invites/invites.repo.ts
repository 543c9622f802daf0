import type { Kysely, Transaction } from 'kysely';
import type { Database, InvitesTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertInvite(db: Executor, invite: InvitesTable): Promise<void> {
  await db.insertInto('invites').values(invite).execute();
}

export async function listInvites(db: Executor): Promise<Array<InvitesTable & { createdByUsername: string | null }>> {
  return db
    .selectFrom('invites')
    .leftJoin('users', 'users.id', 'invites.createdBy')
    .selectAll('invites')
    .select('users.username as createdByUsername')
    .orderBy('invites.createdAt', 'desc')
    .limit(1000)
    .execute();
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
