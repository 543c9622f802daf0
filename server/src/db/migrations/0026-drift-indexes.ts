import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * What the Outdated filter starts from (issue 20 item 2): the fetch records, and the agents' links, on a version
 * older than their configuration's, each found by an index range per configuration rather than by reading every link.
 */
export const driftIndexes: Migration = {
  name: '0026-drift-indexes',
  async up(db) {
    await db.schema
      .createIndex('config_fetches_version')
      .on('config_fetches')
      .columns(['config_id', 'version'])
      .execute();
    await sql`create index agent_configs_version on agent_configs (config_id, version)
      where config_id is not null`.execute(db);
    await sql`create index agent_configs_digest on agent_configs (source_digest)
      where source_digest is not null`.execute(db);
  },
};
