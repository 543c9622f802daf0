import { sql, type Kysely, type Transaction } from 'kysely';
import { afterCursor } from '../../db/keyset.js';
import type { ConstantsTable, Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function listConstantRows(db: Executor): Promise<ConstantsTable[]> {
  return db.selectFrom('constants').selectAll().orderBy('name').execute();
}

function matching(search: string) {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(lower(constants.name) like ${pattern} escape '\\'
    or lower(constants.value) like ${pattern} escape '\\'
    or lower(coalesce(constants.description, '')) like ${pattern} escape '\\')`;
}

/** One page by name (the key), after the cursor's name; `search` matches name, value or description. */
export async function listConstantPage(
  db: Executor,
  query: { search?: string; after?: [string]; limit: number },
): Promise<ConstantsTable[]> {
  return db
    .selectFrom('constants')
    .selectAll()
    .$if(Boolean(query.search), (q) => q.where(matching(query.search!)))
    .$if(query.after !== undefined, (q) => q.where(afterCursor(['constants.name'], query.after!, false)))
    .orderBy('name')
    .limit(query.limit)
    .execute();
}

export async function countConstants(db: Executor, search: string | undefined): Promise<number> {
  const row = await db
    .selectFrom('constants')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .$if(Boolean(search), (q) => q.where(matching(search!)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
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
