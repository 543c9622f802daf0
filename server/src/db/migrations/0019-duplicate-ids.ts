import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Duplicate instance ids (issue 20): one `id` heartbeating with different hostnames in turn, the usual sign of a
 * cloned machine image. The heartbeat upsert keeps the hostname before the last change and when it changed; a
 * change that follows an earlier one (back to the first host, or on to a third) is an alternation, recorded with
 * its time, the time since the change before it, the two hostnames and a count. Whether that makes the agent a
 * duplicate is decided when it is read, against the window setting (default 10 minutes), so changing the setting
 * needs no rewrite.
 */
export const duplicateIds: Migration = {
  name: '0019-duplicate-ids',
  async up(db, { timestamp }) {
    for (const [name, type] of [
      ['previous_hostname', 'text'],
      ['hostname_changed_at', timestamp],
      ['alternated_at', timestamp],
      ['alternation_gap_ms', 'bigint'],
      ['alternation_hosts', 'text'],
    ] as const) {
      await db.schema.alterTable('agents').addColumn(name, type).execute();
    }
    await db.schema
      .alterTable('agents')
      .addColumn('alternations', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    await sql`create index agents_alternated on agents (alternated_at) where alternated_at is not null`.execute(db);
    await db.schema
      .alterTable('settings')
      .addColumn('duplicate_window_minutes', 'integer', (col) => col.notNull().defaultTo(10))
      .execute();
  },
};
