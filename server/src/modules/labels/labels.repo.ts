import { sql, type Kysely, type Transaction } from 'kysely';
import { afterCursor } from '../../db/keyset.js';
import type { Database, LabelsTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findLabelRow(db: Executor, id: string): Promise<LabelsTable | undefined> {
  return db.selectFrom('labels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLabelIdByName(db: Executor, nameKey: string): Promise<string | undefined> {
  return (await db.selectFrom('labels').select('id').where('nameKey', '=', nameKey).executeTakeFirst())?.id;
}

/** The ids among these that name a label. */
export async function existingLabelIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('labels').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((row) => row.id));
}

export async function insertLabel(db: Executor, row: LabelsTable): Promise<void> {
  await db.insertInto('labels').values(row).execute();
}

export async function updateLabel(db: Executor, id: string, changes: Partial<Omit<LabelsTable, 'id'>>) {
  await db.updateTable('labels').set(changes).where('id', '=', id).execute();
}

export async function deleteLabels(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.deleteFrom('labels').where('id', 'in', ids).returning('id').execute()).map((row) => row.id);
}

function matching(search: string) {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(labels.name_key like ${pattern} escape '\\' or lower(coalesce(labels.description, '')) like ${pattern} escape '\\')`;
}

/** By name, keyset on (name_key, id). */
export async function listLabelRows(
  db: Executor,
  query: { search?: string; after?: [string, string]; limit: number },
): Promise<LabelsTable[]> {
  return db
    .selectFrom('labels')
    .selectAll()
    .$if(Boolean(query.search), (q) => q.where(matching(query.search!)))
    .$if(query.after !== undefined, (q) => q.where(afterCursor(['labels.nameKey', 'labels.id'], query.after!, false)))
    .orderBy('nameKey')
    .orderBy('id')
    .limit(query.limit)
    .execute();
}

export async function countLabels(db: Executor, search: string | undefined): Promise<number> {
  const row = await db
    .selectFrom('labels')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .$if(Boolean(search), (q) => q.where(matching(search!)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
