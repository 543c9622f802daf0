import type { Migration } from '../migrate.js';

/**
 * Webhook subscriptions (issue 21 item 6): where to send which events, signed with the subscription's secret; and
 * each delivery, with its attempts' outcome, kept as the subscription's delivery log. Deliveries wait in the table
 * until the leader sends them, so one survives a restart or a leader change, and a receiver that is down for a while
 * gets it later.
 */
export const webhooks: Migration = {
  name: '0028-webhooks',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('url', 'text', (col) => col.notNull())
      .addColumn('secret', 'text', (col) => col.notNull())
      .addColumn('events', 'text', (col) => col.notNull())
      .addColumn('enabled', 'integer', (col) => col.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('webhook_id', 'text', (col) => col.notNull().references('webhooks.id').onDelete('cascade'))
      .addColumn('event', 'text', (col) => col.notNull())
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('attempts', 'integer', (col) => col.notNull())
      .addColumn('next_attempt_at', timestamp)
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_response', 'text')
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('finished_at', timestamp)
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_log')
      .on('webhook_deliveries')
      .columns(['webhook_id', 'created_at'])
      .execute();
    // Notices sent once (a token about to expire): the key makes a second sending of the same one a no-op.
    await db.schema
      .createTable('webhook_notices')
      .addColumn('notice', 'text', (col) => col.primaryKey())
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_due')
      .on('webhook_deliveries')
      .columns(['state', 'next_attempt_at'])
      .execute();
  },
};
