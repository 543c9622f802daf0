import type { Kysely, Transaction } from 'kysely';
import type { Database, PasswordResetsTable, UsersTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertPasswordReset(db: Executor, reset: PasswordResetsTable): Promise<void> {
  await db.insertInto('passwordResets').values(reset).execute();
}

export async function deletePasswordResetsOf(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom('passwordResets').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findPasswordResetWithUser(
  db: Executor,
  codeHash: string,
): Promise<{ reset: PasswordResetsTable; user: UsersTable } | undefined> {
  const reset = await db.selectFrom('passwordResets').selectAll().where('codeHash', '=', codeHash).executeTakeFirst();
  if (reset === undefined) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', reset.userId).executeTakeFirst();
  return user === undefined ? undefined : { reset, user };
}
