import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Staged serving (issue 21, ADR 27): the version each configuration serves when nothing else applies (its published
 * version, and since when), whether saves publish themselves (`live`) or wait (`explicit`), the kill switch (a
 * pinned version), approvals of versions (four eyes, with the setting `require_approval`), and rollouts: one
 * version rolled out from another through ordered cohorts, at most one active per configuration. On PostgreSQL,
 * changes to any of these clear rendered answers on every node (ADR 22's render channel).
 */
export const stagedServing: Migration = {
  name: '0027-staged-serving',
  async up(db, { timestamp }) {
    await db.schema
      .alterTable('configs')
      .addColumn('publish_mode', 'text', (col) => col.notNull().defaultTo('live'))
      .execute();
    await db.schema.alterTable('configs').addColumn('published_version', 'integer').execute();
    await db.schema.alterTable('configs').addColumn('published_at', timestamp).execute();
    await db.schema.alterTable('configs').addColumn('pinned_version', 'integer').execute();
    await db.schema.alterTable('configs').addColumn('pinned_at', timestamp).execute();
    await db.schema.alterTable('configs').addColumn('pinned_by', 'text').execute();
    // Every configuration so far served its newest version from its last save.
    await sql`update configs set published_version = version, published_at = updated_at`.execute(db);
    await db.schema
      .createTable('config_version_approvals')
      .addColumn('config_id', 'text', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('approved_by', 'text', (col) => col.notNull())
      .addColumn('approved_at', timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('config_version_approvals_pk', ['config_id', 'version'])
      .addForeignKeyConstraint(
        'config_version_approvals_version',
        ['config_id', 'version'],
        'config_versions',
        ['config_id', 'version'],
        (constraint) => constraint.onDelete('cascade'),
      )
      .execute();
    await db.schema
      .createTable('rollouts')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('config_id', 'text', (col) => col.notNull().references('configs.id').onDelete('cascade'))
      .addColumn('from_version', 'integer', (col) => col.notNull())
      .addColumn('to_version', 'integer', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('step', 'integer', (col) => col.notNull())
      .addColumn('step_started_at', timestamp, (col) => col.notNull())
      .addColumn('cohorts', 'text', (col) => col.notNull())
      .addColumn('breach', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .addColumn('ended_at', timestamp)
      .execute();
    await db.schema.createIndex('rollouts_config').on('rollouts').columns(['config_id', 'created_at']).execute();
    await sql`create unique index rollouts_active on rollouts (config_id)
      where state in ('running', 'paused')`.execute(db);
    await db.schema
      .alterTable('settings')
      .addColumn('require_approval', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
    if (timestamp !== 'timestamptz') return;
    await sql`create trigger configs_tc_render_changes_staged
      after update of published_version, pinned_version, publish_mode on configs
      for each statement execute function tc_cache_changed('tc_render_changes')`.execute(db);
    await sql`create trigger rollouts_tc_render_changes
      after insert or update or delete on rollouts
      for each statement execute function tc_cache_changed('tc_render_changes')`.execute(db);
  },
};
