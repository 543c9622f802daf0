import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReportingRulesTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A rule with what the list sorts on and how many agents follow it. */
export interface ReportingRuleRow extends ReportingRulesTable {
  descriptionKey: string;
  agentCount: number | string;
}

/** Keyset position in the list: default first, then by lower-cased description, then id. */
export type RuleListKey = [isDefault: number, descriptionKey: string, id: string];

export async function findDefaultRule(db: Executor): Promise<ReportingRulesTable | undefined> {
  return db.selectFrom('reportingRules').selectAll().where('isDefault', '=', 1).executeTakeFirst();
}

/** Inserts the rule unless another default already exists (the partial unique index decides on a race). */
export async function insertDefaultRuleIfNone(db: Kysely<Database>, rule: ReportingRulesTable): Promise<void> {
  await db
    .insertInto('reportingRules')
    .values(rule)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

function selectRules(db: Executor) {
  return db
    .selectFrom('reportingRules')
    .selectAll('reportingRules')
    .select((eb) => [
      sql<string>`lower(reporting_rules.description)`.as('descriptionKey'),
      eb
        .selectFrom('agents')
        .select((inner) => inner.fn.countAll<number | string>().as('count'))
        .whereRef('agents.reportingRuleId', '=', 'reportingRules.id')
        .as('agentCount'),
    ]);
}

export async function findRuleRow(db: Executor, id: string): Promise<ReportingRuleRow | undefined> {
  const row = await selectRules(db).where('reportingRules.id', '=', id).executeTakeFirst();
  return row as ReportingRuleRow | undefined;
}

export async function listRuleRows(
  db: Executor,
  query: { after?: RuleListKey; limit: number },
): Promise<ReportingRuleRow[]> {
  const descriptionKey = sql<string>`lower(reporting_rules.description)`;
  const rows = await selectRules(db)
    .$if(query.after !== undefined, (q) => {
      const [isDefault, key, id] = query.after!;
      return q.where((eb) =>
        eb.or([
          eb('reportingRules.isDefault', '<', isDefault),
          eb.and([
            eb('reportingRules.isDefault', '=', isDefault),
            eb.or([
              eb(descriptionKey, '>', key),
              eb.and([eb(descriptionKey, '=', key), eb('reportingRules.id', '>', id)]),
            ]),
          ]),
        ]),
      );
    })
    .orderBy('reportingRules.isDefault', 'desc')
    .orderBy(descriptionKey)
    .orderBy('reportingRules.id')
    .limit(query.limit)
    .execute();
  return rows as ReportingRuleRow[];
}

export async function countRules(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('reportingRules')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertRule(trx: Transaction<Database>, row: ReportingRulesTable): Promise<void> {
  await trx.insertInto('reportingRules').values(row).execute();
}

export async function updateRule(
  trx: Transaction<Database>,
  id: string,
  changes: Partial<Omit<ReportingRulesTable, 'id' | 'isDefault'>>,
): Promise<void> {
  await trx.updateTable('reportingRules').set(changes).where('id', '=', id).execute();
}

/**
 * Makes the rule the one default. The old default is cleared first: the partial unique index allows only one
 * `is_default = 1` row at any moment, even inside the transaction.
 */
export async function setDefaultRule(trx: Transaction<Database>, id: string, now: string): Promise<void> {
  await trx
    .updateTable('reportingRules')
    .set({ isDefault: 0, updatedAt: now })
    .where('isDefault', '=', 1)
    .where('id', '<>', id)
    .execute();
  await trx.updateTable('reportingRules').set({ isDefault: 1, updatedAt: now }).where('id', '=', id).execute();
}

export async function reassignAgents(trx: Transaction<Database>, fromRuleId: string, toRuleId: string) {
  await trx
    .updateTable('agents')
    .set({ reportingRuleId: toRuleId })
    .where('reportingRuleId', '=', fromRuleId)
    .execute();
}

/** Deletes the rule unless it is the default; whether a row went. */
export async function deleteNonDefaultRule(trx: Transaction<Database>, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('reportingRules')
    .where('id', '=', id)
    .where('isDefault', '=', 0)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
