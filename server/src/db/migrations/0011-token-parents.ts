import type { Migration } from '../migrate.js';

/**
 * A token created with another token records it: the child never outlives its parent, and revoking the parent can
 * revoke its children too. Deleting the parent keeps the children (their parent becomes unknown).
 */
export const tokenParents: Migration = {
  name: '0011-token-parents',
  async up(db) {
    await db.schema
      .alterTable('api_tokens')
      .addColumn('parent_token_id', 'text', (col) => col.references('api_tokens.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('api_tokens_parent').on('api_tokens').column('parent_token_id').execute();
  },
};
