import type { Migration } from '../migrate.js';

/**
 * One counter per cache that nodes of a cluster keep in memory: a change bumps it (with its notice), and every node
 * compares the counters at `HA_POLL_INTERVAL_MS`, so a lost notice leaves a node stale for one interval at most.
 */
export const cacheVersions: Migration = {
  name: '0012-cache-versions',
  async up(db) {
    await db.schema
      .createTable('cache_versions')
      .addColumn('channel', 'text', (col) => col.primaryKey())
      .addColumn('version', 'bigint', (col) => col.notNull())
      .execute();
  },
};
