import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Sign-in through a directory or an identity provider (platform.md §2.9–2.11): a user's external id (an LDAP DN, an
 * OIDC `sub`), unique per provider; the role an invite gave (it stands in for the provider's default role); the
 * provider an invite is for; each provider's provisioning rules and its group-to-role mappings.
 */
export const externalIdentities: Migration = {
  name: '0013-external-identities',
  async up(db, { timestamp }) {
    await db.schema.alterTable('users').addColumn('external_id', 'text').execute();
    await db.schema.alterTable('users').addColumn('provisioned_role', 'text').execute();
    await sql`create unique index users_external_id on users (auth_provider, external_id)
              where external_id is not null`.execute(db);
    await db.schema
      .alterTable('invites')
      .addColumn('provider', 'text', (col) => col.notNull().defaultTo('local'))
      .execute();
    await db.schema
      .createTable('auth_provisioning')
      .addColumn('provider', 'text', (col) => col.primaryKey())
      .addColumn('strategy', 'text', (col) => col.notNull())
      .addColumn('default_role', 'text', (col) => col.notNull())
      // JSON array of lower-case domains.
      .addColumn('allowed_domains', 'text', (col) => col.notNull())
      .addColumn('auto_link', 'integer', (col) => col.notNull())
      .addColumn('on_no_match', 'text', (col) => col.notNull())
      .addColumn('display_name', 'text')
      .addColumn('groups_claim', 'text')
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('group_role_mappings')
      .addColumn('id', 'text', (col) => col.primaryKey())
      .addColumn('provider', 'text', (col) => col.notNull())
      .addColumn('group_name', 'text', (col) => col.notNull())
      // Group names compare without regard to case (LDAP DNs do).
      .addColumn('group_key', 'text', (col) => col.notNull())
      .addColumn('role', 'text', (col) => col.notNull())
      .addColumn('created_at', timestamp, (col) => col.notNull())
      .addUniqueConstraint('group_role_mappings_group', ['provider', 'group_key'])
      .execute();
  },
};
