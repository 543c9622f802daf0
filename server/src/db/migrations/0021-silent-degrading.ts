import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Silent and degrading agents (issue 20 item 4): the heartbeat upsert counts an agent's consecutive beats that
 * routed no metric to the heartbeat output, and its consecutive beats whose error count rose over the beat before;
 * each reporting rule says after how many beats that flags it (3 by default; 0 never).
 */
export const silentDegrading: Migration = {
  name: '0021-silent-degrading',
  async up(db) {
    for (const column of ['silent_beats', 'rising_error_beats']) {
      await db.schema
        .alterTable('agents')
        .addColumn(column, 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
    }
    // A fleet's few flagged agents are found without reading the rest (the list's flag filter).
    await sql`create index agents_silent on agents (silent_beats) where silent_beats > 0`.execute(db);
    await sql`create index agents_rising_errors on agents (rising_error_beats) where rising_error_beats > 0`.execute(
      db,
    );
    for (const column of ['silent_after_beats', 'degrading_after_beats']) {
      await db.schema
        .alterTable('reporting_rules')
        .addColumn(column, 'integer', (col) => col.notNull().defaultTo(3))
        .execute();
    }
  },
};
