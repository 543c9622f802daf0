import type { Kysely, Transaction } from 'kysely';
import { afterCursor } from '../../db/keyset.js';
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

/** One page of a target's aliases, by alias, after the cursor's alias. */
export async function listAliasPage(
  db: Executor,
  target: Pick<AliasesTable, 'targetType' | 'targetId'>,
  query: { after?: [string]; limit: number },
): Promise<AliasesTable[]> {
  return db
    .selectFrom('aliases')
    .selectAll()
    .where('targetType', '=', target.targetType)
    .where('targetId', '=', target.targetId)
    .$if(query.after !== undefined, (q) => q.where(afterCursor(['aliases.alias'], query.after!, false)))
    .orderBy('alias')
    .limit(query.limit)
    .execute();
}

export async function countAliasesOf(db: Executor, target: Pick<AliasesTable, 'targetType' | 'targetId'>) {
  const row = await db
    .selectFrom('aliases')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('targetType', '=', target.targetType)
    .where('targetId', '=', target.targetId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
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
