import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * What was served to whom (issue 20 item 2, ADR 26): the latest fetch per configuration and fetching agent, not every
 * fetch. `fetch_key` is the agent identity the URL carried, or `#` and a digest of the URL (redacted as heartbeats
 * store reported sources) for a fetch without one. `checked_at` moves with every GET or HEAD (a watching agent's poll),
 * `interval_ms` is the time between the last two, which gives the grace before an agent counts as Outdated.
 * `agent_configs.source_digest` is the same digest of each reported source, so an agent without an identity is
 * matched to what was served at its URL. The setting: the grace when no interval was observed.
 */
export const configFetches: Migration = {
  name: '0023-config-fetches',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('config_fetches')
      .addColumn('config_id', 'text', (col) => col.notNull().references('configs.id').onDelete('cascade'))
      .addColumn('fetch_key', 'text', (col) => col.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('group_id', 'text')
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('source_digest', 'text', (col) => col.notNull())
      .addColumn('token_id', 'text')
      .addColumn('ip', 'text')
      .addColumn('fetched_at', timestamp, (col) => col.notNull())
      .addColumn('checked_at', timestamp, (col) => col.notNull())
      .addColumn('interval_ms', 'bigint')
      .addPrimaryKeyConstraint('config_fetches_pk', ['config_id', 'fetch_key'])
      .execute();
    await sql`create index config_fetches_agent on config_fetches (agent_id) where agent_id is not null`.execute(db);
    await db.schema.createIndex('config_fetches_source').on('config_fetches').columns(['source_digest']).execute();
    await sql`create index config_fetches_token on config_fetches (token_id) where token_id is not null`.execute(db);
    await db.schema.createIndex('config_fetches_checked').on('config_fetches').columns(['checked_at']).execute();
    await db.schema.alterTable('agent_configs').addColumn('source_digest', 'text').execute();
    await db.schema
      .alterTable('settings')
      .addColumn('outdated_grace_minutes', 'integer', (col) => col.notNull().defaultTo(10))
      .execute();
  },
};
