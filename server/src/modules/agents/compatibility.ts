import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { telegrafVersionKey } from '../../lib/telegraf-version.js';
import type { TelegrafRequirement } from '../configs/toml/telegraf-requirements.js';

/** `agent` loads `config`: directly, or as a member of a group it loads. */
const loads = (agent: string, config: string) =>
  sql<SqlBool>`exists (select 1 from agent_configs ac where ac.agent_id = ${sql.ref(agent)}
    and (ac.config_id = ${sql.ref(config)} or ac.group_id in
      (select m.group_id from config_group_members m where m.config_id = ${sql.ref(config)})))`;

/** The agent's Telegraf is older than a release the configuration needs, or as new as one that removes a plugin. */
const cannotRun = (agent: string) =>
  sql<SqlBool>`(${sql.ref(`${agent}.version_key`)} < c.requires_key
    or ${sql.ref(`${agent}.version_key`)} >= c.removed_key)`;

/**
 * Agents flagged Incompatible (issue 20 item 7): the Telegraf they report cannot run the current version of a
 * configuration they load. `listed` starts from the configurations and walks the agents' version index (the few
 * old agents); `probed` tests each agent's own links (many matches). Agents whose version cannot be read are never
 * flagged.
 */
export function incompatibleMembership() {
  const matching = sql`select a.id from configs c join agents a on ${cannotRun('a')}
    where ${loads('a.id', 'c.id')}`;
  return {
    listed: sql<SqlBool>`agents.id in (${matching})`,
    probed: sql<SqlBool>`(agents.version_key is not null and exists (select 1 from configs c
      where ${cannotRun('agents')} and ${loads('agents.id', 'c.id')}))`,
    rows: matching,
  };
}

/** Every agent flagged Incompatible (webhook notices of newly flagged agents). */
export async function incompatibleAgentIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ id: string }>`${incompatibleMembership().rows}`.execute(db);
  return [...new Set(rows.rows.map((row) => row.id))];
}

/** Of these agents, the ones flagged Incompatible. */
export async function incompatibleAmong(db: Kysely<Database>, agentIds: readonly string[]): Promise<Set<string>> {
  if (agentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('agents')
    .select('id')
    .where('id', 'in', agentIds)
    .where(incompatibleMembership().probed)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Why an agent reporting `reported` cannot run a configuration with these requirements (none: it can). */
export function incompatibilities(reported: string | null, requirements: string | null): string[] {
  const agent = reported === null ? undefined : telegrafVersionKey(reported);
  if (agent === undefined || requirements === null) return [];
  return (JSON.parse(requirements) as TelegrafRequirement[]).flatMap(({ kind, version, what }) => {
    const key = telegrafVersionKey(version)!;
    if (kind === 'introduced' && agent < key) return [`${what}: Telegraf ${version} or later`];
    if (kind === 'removed' && agent >= key) return [`${what}: removed in Telegraf ${version}`];
    return [];
  });
}

/** How many agents loading a configuration run each Telegraf version (those whose version can be read). */
export async function versionsLoading(
  db: Kysely<Database>,
  configId: string,
): Promise<Array<{ versionKey: string; count: number }>> {
  const rows = await sql<{ versionKey: string; count: number | string }>`
    select a.version_key, count(*) as count from agents a
    where a.version_key is not null and exists (select 1 from agent_configs ac where ac.agent_id = a.id
      and (ac.config_id = ${configId} or ac.group_id in
        (select m.group_id from config_group_members m where m.config_id = ${configId})))
    group by a.version_key`.execute(db);
  return rows.rows.map((row) => ({ versionKey: row.versionKey, count: Number(row.count) }));
}
