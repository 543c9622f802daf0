import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { ConfigGroupsTable, Database } from '../../db/schema.js';
import { afterCursor } from '../../db/keyset.js';
import { carriesAll } from '../labels/label-links.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface GroupRow extends ConfigGroupsTable {
  updatedByUsername: string | null;
}

function withNames(db: Executor) {
  return db
    .selectFrom('configGroups')
    .leftJoin('users', 'users.id', 'configGroups.updatedBy')
    .selectAll('configGroups')
    .select('users.username as updatedByUsername');
}

export async function findGroupRow(db: Executor, id: string): Promise<GroupRow | undefined> {
  return withNames(db).where('configGroups.id', '=', id).executeTakeFirst();
}

export type GroupSortColumn = 'nameKey' | 'updatedAt' | 'createdAt';

export interface GroupFilter {
  /** Name, description or the name of a member configuration. */
  search?: string;
  /** Every one of these labels. */
  labelIds: readonly string[];
}

function filtered<Q extends SelectQueryBuilder<Database, 'configGroups', object>>(query: Q, filter: GroupFilter): Q {
  let q = query;
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(
      sql<boolean>`(config_groups.name_key like ${pattern} escape '\\'
        or lower(coalesce(config_groups.description, '')) like ${pattern} escape '\\'
        or config_groups.id in (select m.group_id from config_group_members m join configs c on c.id = m.config_id
          where c.name_key like ${pattern} escape '\\'))`,
    ) as Q;
  }
  if (filter.labelIds.length > 0) q = q.where(carriesAll('group', 'config_groups.id', filter.labelIds)) as Q;
  return q;
}

/** Keyset pagination on (sort column, id). */
export async function listGroupRows(
  db: Executor,
  query: GroupFilter & { sort: GroupSortColumn; descending: boolean; after?: [string, string]; limit: number },
): Promise<GroupRow[]> {
  const column = `configGroups.${query.sort}` as const;
  const direction = query.descending ? 'desc' : 'asc';
  return filtered(withNames(db), query)
    .$if(query.after !== undefined, (q) =>
      q.where(afterCursor([column, 'configGroups.id'], query.after!, query.descending)),
    )
    .orderBy(column, direction)
    .orderBy('configGroups.id', direction)
    .limit(query.limit)
    .execute();
}

export async function countGroups(db: Executor, filter: GroupFilter): Promise<number> {
  const query = db.selectFrom('configGroups').select((eb) => eb.fn.countAll<number | string>().as('count'));
  return Number((await filtered(query, filter).executeTakeFirstOrThrow()).count);
}

export async function findGroupIdByName(db: Executor, nameKey: string): Promise<string | undefined> {
  return (await db.selectFrom('configGroups').select('id').where('nameKey', '=', nameKey).executeTakeFirst())?.id;
}

export async function insertGroup(db: Executor, row: ConfigGroupsTable): Promise<void> {
  await db.insertInto('configGroups').values(row).execute();
}

export async function updateGroup(db: Executor, id: string, changes: Partial<Omit<ConfigGroupsTable, 'id'>>) {
  await db.updateTable('configGroups').set(changes).where('id', '=', id).execute();
}

export async function deleteGroup(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('configGroups').where('id', '=', id).execute();
}

/** Member ids per group, in merge order. */
export async function membersOf(db: Executor, groupIds: readonly string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return members;
  const rows = await db
    .selectFrom('configGroupMembers')
    .select(['groupId', 'configId'])
    .where('groupId', 'in', groupIds)
    .orderBy('groupId')
    .orderBy('position')
    .execute();
  for (const row of rows) members.get(row.groupId)!.push(row.configId);
  return members;
}

export async function replaceMembers(trx: Transaction<Database>, groupId: string, configIds: readonly string[]) {
  await trx.deleteFrom('configGroupMembers').where('groupId', '=', groupId).execute();
  if (configIds.length === 0) return;
  await trx
    .insertInto('configGroupMembers')
    .values(configIds.map((configId, position) => ({ groupId, configId, position })))
    .execute();
}
