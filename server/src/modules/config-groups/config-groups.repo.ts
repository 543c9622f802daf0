import type { Kysely, Transaction } from 'kysely';
import type { ConfigGroupsTable, Database } from '../../db/schema.js';

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

export async function listGroupRows(db: Executor): Promise<GroupRow[]> {
  return withNames(db).orderBy('configGroups.nameKey').limit(10000).execute();
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
