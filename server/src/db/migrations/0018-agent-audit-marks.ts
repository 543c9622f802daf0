import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * What the status pass tells the audit log about agents, in bulk (ADR 25), without the heartbeat path doing any
 * audit work. `registration_recorded`: a heartbeat creates an agent with 0, and the next pass records the new
 * agents in one entry and sets it. `not_reporting_marked`: a pass sets it when it turns an agent `not_reporting`; a
 * heartbeat puts the status back without touching it, and the next pass records the agents back in one entry and
 * clears it. Agents stored before count as recorded, and those not reporting now as marked.
 */
export const agentAuditMarks: Migration = {
  name: '0018-agent-audit-marks',
  async up(db) {
    await db.schema
      .alterTable('agents')
      .addColumn('registration_recorded', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('agents')
      .addColumn('not_reporting_marked', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    await sql`update agents set registration_recorded = 1,
      not_reporting_marked = case when status = 'not_reporting' then 1 else 0 end`.execute(db);
    await sql`create index agents_registration_unrecorded on agents (id) where registration_recorded = 0`.execute(db);
    // Only the agents back and not yet recorded: a fleet that stays silent is no part of it.
    await sql`create index agents_reporting_again on agents (id)
      where not_reporting_marked = 1 and status <> 'not_reporting'`.execute(db);
  },
};
