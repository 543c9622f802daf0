import type { Migration } from '../migrate.js';

export const aliases: Migration = {
  name: '0005-aliases',
  async up(db, { timestamp }) {
    // One namespace for configuration and group aliases; the target is polymorphic, so no foreign key: the
    // services delete a target's aliases with it.
    await db.schema
      .createTable('aliases')
      .addColumn('alias', 'text', (col) => col.primaryKey())
      .addColumn('target_type', 'text', (col) => col.notNull())
      .addColumn('target_id', 'text', (col) => col.notNull())
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('aliases_target').on('aliases').columns(['target_type', 'target_id']).execute();
  },
};
