import type { Kysely } from 'kysely';
import type { Database, ReportingRulesTable } from '../../db/schema.js';

export async function findDefaultRule(db: Kysely<Database>): Promise<ReportingRulesTable | undefined> {
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
