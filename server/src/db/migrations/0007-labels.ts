import type { Migration } from '../migrate.js';

export const labels: Migration = {
  name: '0007-labels',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('labels')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('name_key', 'text', (col) => col.notNull().unique())
      .addColumn('color', 'text')
      .addColumn('description', 'text')
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    // One link table per kind of target, so deleting a label or its target removes the link (agents: 0008).
    for (const [table, column, target] of [
      ['config_labels', 'config_id', 'configs'],
      ['config_group_labels', 'group_id', 'config_groups'],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn(column, 'text', (col) => col.notNull().references(`${target}.id`).onDelete('cascade'))
        .addColumn('label_id', 'text', (col) => col.notNull().references('labels.id').onDelete('cascade'))
        .addPrimaryKeyConstraint(`${table}_pk`, [column, 'label_id'])
        .execute();
      await db.schema.createIndex(`${table}_label`).on(table).columns(['label_id', column]).execute();
    }
  },
};
