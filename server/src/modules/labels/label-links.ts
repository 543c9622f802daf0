import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** What a label can be put on, and the link table that records it (created with the target's migration). */
export type LabelTarget = 'config' | 'group' | 'agent';

const LINKS: Record<LabelTarget, { table: string; column: string; targets: string }> = {
  config: { table: 'config_labels', column: 'config_id', targets: 'configs' },
  group: { table: 'config_group_labels', column: 'group_id', targets: 'config_groups' },
  agent: { table: 'agent_labels', column: 'agent_id', targets: 'agents' },
};

/** The ids among these that name a target of this kind. */
export async function existingTargets(db: Executor, target: LabelTarget, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    select id from ${sql.table(LINKS[target].targets)} where id in (${sql.join(ids)})`.execute(db);
  return new Set(rows.rows.map((row) => row.id));
}

/** The labels each target carries, by name. */
export async function labelsOf(
  db: Executor,
  target: LabelTarget,
  ids: readonly string[],
): Promise<Map<string, LabelRef[]>> {
  const found = new Map<string, LabelRef[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return found;
  const { table, column } = LINKS[target];
  const rows = await sql<{ targetId: string; id: string; name: string; color: string | null }>`
    select l.${sql.ref(column)} as target_id, labels.id, labels.name, labels.color
    from ${sql.table(table)} l join labels on labels.id = l.label_id
    where l.${sql.ref(column)} in (${sql.join(ids)})
    order by labels.name_key`.execute(db);
  for (const row of rows.rows) found.get(row.targetId)?.push({ id: row.id, name: row.name, color: row.color });
  return found;
}

/** Links every target to every label; existing links stay. Returns the number of links made. */
export async function linkLabels(
  db: Executor,
  target: LabelTarget,
  ids: readonly string[],
  labelIds: readonly string[],
): Promise<number> {
  const { table, column } = LINKS[target];
  const pairs = ids.flatMap((id) => labelIds.map((labelId) => sql`(${id}, ${labelId})`));
  if (pairs.length === 0) return 0;
  const result = await sql`
    insert into ${sql.table(table)} (${sql.ref(column)}, label_id) values ${sql.join(pairs)}
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function unlinkLabels(
  db: Executor,
  target: LabelTarget,
  ids: readonly string[],
  labelIds: readonly string[],
): Promise<number> {
  if (ids.length === 0 || labelIds.length === 0) return 0;
  const { table, column } = LINKS[target];
  const result = await sql`
    delete from ${sql.table(table)}
    where ${sql.ref(column)} in (${sql.join(ids)}) and label_id in (${sql.join(labelIds)})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Replaces a target's labels with exactly these. */
export async function setLabels(trx: Transaction<Database>, target: LabelTarget, id: string, labelIds: string[]) {
  const { table, column } = LINKS[target];
  await sql`delete from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(trx);
  await linkLabels(trx, target, [id], labelIds);
}

/**
 * A where-clause: the row whose id is `idColumn` carries every one of these labels, one membership test per label
 * (which the planner can turn into semi-joins, unlike a grouped count).
 */
export function carriesAll(target: LabelTarget, idColumn: string, labelIds: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(
    labelIds.map((labelId) => labelMembership(target, idColumn, labelId).listed),
    sql` and `,
  )})`;
}

/**
 * One label as a filter, in the shapes a planner may want: `listed` (`idColumn in (…)`, the carriers found first),
 * `probed` (tested on each row through the link table's primary key) and `rows` (the link rows, to count carriers).
 */
export function labelMembership(target: LabelTarget, idColumn: string, labelId: string) {
  const { table, column } = LINKS[target];
  return {
    listed: sql<SqlBool>`${sql.ref(idColumn)} in (
      select ${sql.ref(column)} from ${sql.table(table)} where label_id = ${labelId})`,
    probed: sql<SqlBool>`exists (select 1 from ${sql.table(table)} l
      where l.${sql.ref(column)} = ${sql.ref(idColumn)} and l.label_id = ${labelId})`,
    rows: sql`select 1 from ${sql.table(table)} where label_id = ${labelId}`,
  };
}

/** How many targets of each kind carry each label. */
export async function labelUsage(
  db: Executor,
  labelIds: readonly string[],
  targets: readonly LabelTarget[],
): Promise<Map<string, Record<LabelTarget, number>>> {
  const usage = new Map(labelIds.map((id) => [id, { config: 0, group: 0, agent: 0 }]));
  if (labelIds.length === 0) return usage;
  for (const target of targets) {
    const { table } = LINKS[target];
    const rows = await sql<{ labelId: string; count: number | string }>`
      select label_id, count(*) as count from ${sql.table(table)}
      where label_id in (${sql.join(labelIds)}) group by label_id`.execute(db);
    for (const row of rows.rows) usage.get(row.labelId)![target] = Number(row.count);
  }
  return usage;
}
