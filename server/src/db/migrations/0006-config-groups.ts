import type { Migration } from '../migrate.js';

export const configGroups: Migration = {
  name: '0006-config-groups',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('config_groups')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('name_key', 'text', (col) => col.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .addColumn('updated_by', 'text', (col) => col.references('users.id').onDelete('set null'))
      .execute();
    // Ordered references to configurations; deleting a configuration removes it from every group.
    await db.schema
      .createTable('config_group_members')
      .addColumn('group_id', 'text', (col) => col.notNull().references('config_groups.id').onDelete('cascade'))
      .addColumn('config_id', 'text', (col) => col.notNull().references('configs.id').onDelete('cascade'))
      .addColumn('position', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('config_group_members_pk', ['group_id', 'config_id'])
      .execute();
    await db.schema.createIndex('config_group_members_config').on('config_group_members').column('config_id').execute();
  },
};
