import type { Kysely, Transaction } from 'kysely';
import type { ConstantsTable, Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function listConstantRows(db: Executor): Promise<ConstantsTable[]> {
  return db.selectFrom('constants').selectAll().orderBy('name').execute();
}

export async function findConstantRow(db: Executor, name: string): Promise<ConstantsTable | undefined> {
  return db.selectFrom('constants').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertConstant(db: Executor, row: ConstantsTable): Promise<void> {
  await db.insertInto('constants').values(row).execute();
}

export async function updateConstant(db: Executor, name: string, changes: Partial<Omit<ConstantsTable, 'name'>>) {
  await db.updateTable('constants').set(changes).where('name', '=', name).execute();
}

export async function deleteConstant(db: Executor, name: string): Promise<void> {
  await db.deleteFrom('constants').where('name', '=', name).execute();
}
