import type { Migration } from '../migrate.js';

export const identity: Migration = {
  name: '0002-identity',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('username', 'text', (col) => col.notNull())
      .addColumn('username_key', 'text', (col) => col.notNull().unique())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('email_key', 'text', (col) => col.notNull().unique())
      .addColumn('display_name', 'text')
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('auth_provider', 'text', (col) => col.notNull().defaultTo('local'))
      .addColumn('password_hash', 'text')
      .addColumn('failed_login_count', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('locked_until', timestamp)
      .addColumn('disabled_at', timestamp)
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    // Exactly one owner at most, enforced by the database on both engines.
    await db.schema
      .createIndex('users_one_owner')
      .on('users')
      .column('role')
      .unique()
      .where('role', '=', 'owner')
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addColumn('last_seen_at', timestamp, (col) => col.notNull())
      .addColumn('expires_at', timestamp, (col) => col.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('invites')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('code_hash', 'text', (col) => col.notNull().unique())
      .addColumn('username', 'text', (col) => col.notNull())
      .addColumn('username_key', 'text', (col) => col.notNull())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('email_key', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('expires_at', timestamp, (col) => col.notNull())
      .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('code_hash', 'text', (col) => col.notNull().unique())
      .addColumn('user_id', 'text', (col) => col.notNull().references('users.id').onDelete('cascade'))
      .addColumn('expires_at', timestamp, (col) => col.notNull())
      .addColumn('created_by', 'text', (col) => col.references('users.id').onDelete('set null'))
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .execute();
    await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();

    await db.schema
      .createTable('settings')
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('login_lockout_attempts', 'integer', (col) => col.notNull())
      .addColumn('login_lockout_minutes', 'integer', (col) => col.notNull())
      .addColumn('password_complexity', 'text', (col) => col.notNull())
      .addColumn('public_ui_url', 'text')
      .addColumn('public_api_url', 'text')
      .addColumn('public_heartbeat_url', 'text')
      .addColumn('audit_retention_hours', 'integer', (col) => col.notNull())
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('instance_secrets')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('value', 'text', (col) => col.notNull())
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .execute();
  },
};
