import type { Migration } from '../migrate.js';

export const configs: Migration = {
  name: '0004-configs',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('configs')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('name_key', 'text', (col) => col.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('toml', 'text', (col) => col.notNull())
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('configs_updated').on('configs').columns(['updated_at', 'id']).execute();

    await db.schema
      .createTable('config_versions')
      .addColumn('config_id', 'text', (col) => col.notNull().references('configs.id').onDelete('cascade'))
      .addColumn('version', 'integer', (col) => col.notNull())
      .addColumn('toml', 'text', (col) => col.notNull())
      .addColumn('note', 'text')
      .addColumn('author_id', 'text', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('config_versions_pk', ['config_id', 'version'])
      .execute();

    await db.schema
      .createTable('constants')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
  },
};
