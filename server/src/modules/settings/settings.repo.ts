import type { Kysely, Transaction } from 'kysely';
import type { Database, SettingsTable } from '../../db/schema.js';

const ROW_ID = 1;

export async function findSettings(db: Kysely<Database>): Promise<SettingsTable | undefined> {
  return db.selectFrom('settings').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
}

/** Seeds the single settings row unless it exists: the environment only counts on the first start. */
export async function insertSettingsIfNone(db: Kysely<Database>, values: Omit<SettingsTable, 'id'>): Promise<void> {
  await db
    .insertInto('settings')
    .values({ id: ROW_ID, ...values })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function updateSettings(
  db: Kysely<Database> | Transaction<Database>,
  values: Partial<Omit<SettingsTable, 'id'>>,
): Promise<void> {
  await db.updateTable('settings').set(values).where('id', '=', ROW_ID).execute();
}

export async function findInstanceSecret(db: Kysely<Database>, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('instanceSecrets').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Stores the secret unless one exists; returns whichever is stored, so concurrent starts agree. */
export async function insertInstanceSecretIfNone(db: Kysely<Database>, name: string, value: string): Promise<string> {
  await db
    .insertInto('instanceSecrets')
    .values({ name, value, createdAt: new Date().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await findInstanceSecret(db, name))!;
}

/** Replaces a secret only while it still holds `from`. */
export async function replaceInstanceSecret(
  db: Kysely<Database>,
  name: string,
  from: string,
  to: string,
): Promise<void> {
  await db
    .updateTable('instanceSecrets')
    .set({ value: to })
    .where('name', '=', name)
    .where('value', '=', from)
    .execute();
}
