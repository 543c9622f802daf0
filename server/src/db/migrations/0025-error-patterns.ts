import type { Migration } from '../migrate.js';

/**
 * Error patterns across the fleet (issue 20 item 5): heartbeat log entries (errors and warnings) grouped by plugin
 * and message with numbers, ids and addresses masked, counted as heartbeats are written; and, per pattern, the agents
 * that reported it. Both are bounded: a cap on patterns, and retention by the last time each was seen.
 */
export const errorPatterns: Migration = {
  name: '0025-error-patterns',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('error_patterns')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('level', 'text', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('pattern', 'text', (col) => col.notNull())
      .addColumn('sample', 'text', (col) => col.notNull())
      .addColumn('sample_agent_id', 'text', (col) => col.notNull())
      .addColumn('first_seen_at', timestamp, (col) => col.notNull())
      .addColumn('last_seen_at', timestamp, (col) => col.notNull())
      .addColumn('occurrences', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('error_patterns_last_seen').on('error_patterns').column('last_seen_at').execute();
    await db.schema
      .createTable('error_pattern_agents')
      .addColumn('pattern_id', 'text', (col) => col.notNull().references('error_patterns.id').onDelete('cascade'))
      .addColumn('agent_id', 'text', (col) => col.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('first_seen_at', timestamp, (col) => col.notNull())
      .addColumn('last_seen_at', timestamp, (col) => col.notNull())
      .addColumn('occurrences', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('error_pattern_agents_pk', ['pattern_id', 'agent_id'])
      .execute();
    await db.schema
      .createIndex('error_pattern_agents_agent')
      .on('error_pattern_agents')
      .columns(['agent_id', 'pattern_id'])
      .execute();
    await db.schema
      .createIndex('error_pattern_agents_last_seen')
      .on('error_pattern_agents')
      .column('last_seen_at')
      .execute();
  },
};
