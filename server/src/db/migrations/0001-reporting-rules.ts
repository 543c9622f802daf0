import type { Migration } from '../migrate.js';

export const reportingRules: Migration = {
  name: '0001-reporting-rules',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('reporting_rules')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('description', 'text', (col) => col.notNull())
      .addColumn('not_reporting_after_seconds', 'integer', (col) => col.notNull())
      .addColumn('auto_delete', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('auto_delete_after_seconds', 'integer')
      .addColumn('is_default', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    // At most one default rule, enforced by the database on both engines.
    await db.schema
      .createIndex('reporting_rules_one_default')
      .on('reporting_rules')
      .column('is_default')
      .unique()
      .where('is_default', '=', 1)
      .execute();
  },
};
