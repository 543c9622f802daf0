import type { Migration } from '../migrate.js';

export const apiTokens: Migration = {
  name: '0003-api-tokens',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('name_key', 'text', (col) => col.notNull().unique())
      // SHA-256 (hex) of the whole value: the value itself is never stored.
      .addColumn('token_hash', 'text', (col) => col.notNull().unique())
      .addColumn('last4', 'text', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('permissions', 'text', (col) => col.notNull())
      .addColumn('source', 'text', (col) => col.notNull())
      .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('expires_at', timestamp)
      .addColumn('revoked_at', timestamp)
      .addColumn('revoked_by', 'text', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('last_used_at', timestamp)
      .addColumn('last_used_from', 'text')
      .execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'id']).execute();
  },
};
