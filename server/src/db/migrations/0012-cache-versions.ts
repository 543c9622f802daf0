import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/** What each channel's cache is made of: the statements that change it (`when rows`: only if a row changed). */
const TRIGGERS: ReadonlyArray<{ channel: string; table: string; on: string; whenRows?: boolean }> = [
  // Tokens, with their owner's role: not `last_used_*`, which a token's use writes.
  {
    channel: 'tc_token_changes',
    table: 'api_tokens',
    on: 'update of name, token_hash, user_id, permissions, expires_at, revoked_at, parent_token_id',
  },
  { channel: 'tc_token_changes', table: 'api_tokens', on: 'delete' },
  // Users: not the sign-in counters or the password, which do not change what a token may do.
  {
    channel: 'tc_token_changes',
    table: 'users',
    on: 'update of username, email, display_name, role, auth_provider, disabled_at',
  },
  { channel: 'tc_token_changes', table: 'users', on: 'delete' },
  // Rendered TOML: configurations, groups and their members, constants, aliases.
  { channel: 'tc_render_changes', table: 'configs', on: 'update of name, toml, version' },
  { channel: 'tc_render_changes', table: 'configs', on: 'delete' },
  { channel: 'tc_render_changes', table: 'config_groups', on: 'insert or update or delete' },
  { channel: 'tc_render_changes', table: 'config_group_members', on: 'insert or update or delete' },
  { channel: 'tc_render_changes', table: 'constants', on: 'insert or update or delete' },
  { channel: 'tc_render_changes', table: 'aliases', on: 'insert or update or delete' },
  // Deleted agents (by people or a status pass, which runs its delete at every pass).
  { channel: 'tc_agent_deletions', table: 'agents', on: 'delete', whenRows: true },
  // Fleet counts, for the changes people make; heartbeats move them within their short max age.
  { channel: 'tc_fleet_changes', table: 'agents', on: 'delete', whenRows: true },
  { channel: 'tc_fleet_changes', table: 'agents', on: 'update of reporting_rule_id' },
  { channel: 'tc_fleet_changes', table: 'agent_labels', on: 'insert' },
  { channel: 'tc_fleet_changes', table: 'agent_labels', on: 'delete', whenRows: true },
  { channel: 'tc_fleet_changes', table: 'labels', on: 'update or delete' },
  { channel: 'tc_fleet_changes', table: 'reporting_rules', on: 'insert or update or delete' },
];

/**
 * One counter per cache that nodes of a cluster keep in memory. On PostgreSQL, triggers bump it and send the
 * channel's notice inside the transaction that changes what the cache holds, so the change, the new version and the
 * notice commit together (a notice goes out at commit, and never for a rolled-back change). Every node compares the
 * counters at `HA_POLL_INTERVAL_MS`, so a lost notice leaves a node stale for one interval at most (ADR 22). SQLite
 * is one process: the table stays empty.
 */
export const cacheVersions: Migration = {
  name: '0012-cache-versions',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('cache_versions')
      .addColumn('channel', 'text', (col) => col.primaryKey())
      .addColumn('version', 'bigint', (col) => col.notNull())
      .execute();
    if (timestamp !== 'timestamptz') return;
    await sql`create function tc_cache_changed() returns trigger language plpgsql as $$
      declare
        next_version bigint;
      begin
        -- Nested: the inner test is planned only where the trigger defines changed_rows.
        if TG_NARGS > 1 then
          if not exists (select from changed_rows) then
            return null;
          end if;
        end if;
        insert into cache_versions (channel, version) values (TG_ARGV[0], 1)
          on conflict (channel) do update set version = cache_versions.version + 1
          returning version into next_version;
        perform pg_notify(TG_ARGV[0], next_version::text);
        return null;
      end
    $$`.execute(db);
    for (const [index, { channel, table, on, whenRows }] of TRIGGERS.entries()) {
      const name = sql.id(`${table}_${channel}_${index}`);
      const rows = whenRows ? sql`referencing old table as changed_rows` : sql``;
      const args = whenRows ? sql`${sql.lit(channel)}, 'when rows'` : sql.lit(channel);
      await sql`create trigger ${name} after ${sql.raw(on)} on ${sql.table(table)} ${rows}
        for each statement execute function tc_cache_changed(${args})`.execute(db);
    }
  },
};
