import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Version compatibility (issue 20 item 7): each configuration keeps what its current version asks of Telegraf (the
 * list, the newest release it needs and the first release that removes a plugin it uses), and each agent the
 * Telegraf version it reports in a form that sorts like the release. Both are filled by the code that writes them:
 * configurations when the controller starts, agents with their next heartbeat.
 */
export const telegrafRequirements: Migration = {
  name: '0024-telegraf-requirements',
  async up(db) {
    await db.schema.alterTable('configs').addColumn('requirements', 'text').execute();
    await db.schema.alterTable('configs').addColumn('requires_key', 'text').execute();
    await db.schema.alterTable('configs').addColumn('removed_key', 'text').execute();
    await db.schema.alterTable('agents').addColumn('version_key', 'text').execute();
    await sql`create index agents_version_key on agents (version_key) where version_key is not null`.execute(db);
  },
};
