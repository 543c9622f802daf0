import type { Migration } from '../migrate.js';

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): a single sign-on session keeps the ID token its
 * provider issued, the `id_token_hint` with which signing out here also ends the session at the provider.
 */
export const oidcLogout: Migration = {
  name: '0015-oidc-logout',
  async up(db) {
    await db.schema.alterTable('sessions').addColumn('id_token', 'text').execute();
  },
};
