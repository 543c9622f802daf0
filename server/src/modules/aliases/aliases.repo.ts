import type { Kysely, Transaction } from 'kysely';
import type { AliasesTable, Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findAliasRow(db: Executor, alias: string): Promise<AliasesTable | undefined> {
  return db.selectFrom('aliases').selectAll().where('alias', '=', alias).executeTakeFirst();
}

export async function aliasesOf(db: Executor, targetType: AliasesTable['targetType'], targetIds: readonly string[]) {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom('aliases')
    .selectAll()
    .where('targetType', '=', targetType)
    .where('targetId', 'in', targetIds)
    .orderBy('alias')
    .execute();
}

export async function insertAlias(db: Executor, row: AliasesTable): Promise<void> {
  await db.insertInto('aliases').values(row).execute();
}

export async function retargetAlias(
  db: Executor,
  alias: string,
  target: Pick<AliasesTable, 'targetType' | 'targetId'>,
) {
  await db
    .updateTable('aliases')
    .set({ ...target, updatedAt: new Date().toISOString() })
    .where('alias', '=', alias)
    .execute();
}

export async function deleteAlias(db: Executor, alias: string): Promise<void> {
  await db.deleteFrom('aliases').where('alias', '=', alias).execute();
}

/** A deleted configuration or group takes its aliases with it (called inside the deleting transaction). */
export async function deleteAliasesOf(
  db: Executor,
  targetType: AliasesTable['targetType'],
  targetIds: readonly string[],
) {
  if (targetIds.length === 0) return;
  await db.deleteFrom('aliases').where('targetType', '=', targetType).where('targetId', 'in', targetIds).execute();
}
