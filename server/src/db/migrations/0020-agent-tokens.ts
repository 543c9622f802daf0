import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * Which token each agent's heartbeats use (issue 20 item 6): the token the agent's last heartbeat came with, and when,
 * so a token's page can list the agents that will lose access when it is revoked. No foreign key: a deleted token
 * leaves its id, which then names no token.
 */
export const agentTokens: Migration = {
  name: '0020-agent-tokens',
  async up(db, { timestamp }) {
    await db.schema.alterTable('agents').addColumn('token_id', 'text').execute();
    await db.schema.alterTable('agents').addColumn('token_seen_at', timestamp).execute();
    // By token only: the time moves with every heartbeat, and an index on it would be rewritten with each.
    await sql`create index agents_token on agents (token_id) where token_id is not null`.execute(db);
  },
};
