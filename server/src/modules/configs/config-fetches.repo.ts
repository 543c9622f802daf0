import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Engine } from '../../db/connect.js';
import { batchOf, millisecondsBetween } from '../../db/json-batch.js';
import type { ConfigFetchesTable, Database } from '../../db/schema.js';

/** A GET: the version served to one fetching agent (or URL) of one configuration. */
export type FetchWrite = Omit<ConfigFetchesTable, 'intervalMs'> & { intervalMs: number | null };

/** A HEAD (a watching agent's poll): the agent asked again, without loading anything. */
export type CheckWrite = Pick<FetchWrite, 'configId' | 'fetchKey' | 'checkedAt' | 'intervalMs'>;

type Db = Kysely<Database>;

/**
 * The interval between the last two requests: the one measured in memory when both fell in one batch window, else
 * the time since the stored request (a later write never moves a record back).
 */
const interval = (engine: Engine, incoming: string) =>
  sql`coalesce(${sql.raw(incoming)}.interval_ms, case
    when ${millisecondsBetween(engine, sql.raw(`${incoming}.checked_at`), sql`config_fetches.checked_at`)} > 0
    then ${millisecondsBetween(engine, sql.raw(`${incoming}.checked_at`), sql`config_fetches.checked_at`)}
    else config_fetches.interval_ms end)`;

/** Keeps the latest fetch per configuration and fetching agent; a configuration deleted meanwhile is skipped. */
export function upsertFetches(db: Db, engine: Engine, rows: readonly FetchWrite[]): CompiledQuery | undefined {
  if (rows.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, rows, [
    'configId',
    'fetchKey',
    'agentId',
    'groupId',
    'version',
    'sourceDigest',
    'tokenId',
    'ip',
    'fetchedAt',
    'checkedAt',
    'intervalMs',
  ]);
  return sql`
    insert into config_fetches (config_id, fetch_key, agent_id, group_id, version, source_digest, token_id, ip,
      fetched_at, checked_at, interval_ms)
    select ${f('configId')}, ${f('fetchKey')}, ${f('agentId')}, ${f('groupId')}, ${f('version', 'integer')},
      ${f('sourceDigest')}, ${f('tokenId')}, ${f('ip')}, ${f('fetchedAt', 'timestamptz')},
      ${f('checkedAt', 'timestamptz')}, ${f('intervalMs', 'bigint')}
    from ${from} where exists (select 1 from configs where configs.id = ${f('configId')})
    on conflict (config_id, fetch_key) do update set
      agent_id = excluded.agent_id,
      group_id = excluded.group_id,
      version = excluded.version,
      source_digest = excluded.source_digest,
      token_id = excluded.token_id,
      ip = excluded.ip,
      fetched_at = excluded.fetched_at,
      interval_ms = ${interval(engine, 'excluded')},
      checked_at = excluded.checked_at
    where config_fetches.checked_at <= excluded.checked_at`.compile(db);
}

/** Moves the last request (and the interval) of fetch records a HEAD asked about again; unknown ones are left. */
export function updateChecks(db: Db, engine: Engine, rows: readonly CheckWrite[]): CompiledQuery | undefined {
  if (rows.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, rows, ['configId', 'fetchKey', 'checkedAt', 'intervalMs']);
  return sql`
    update config_fetches set
      interval_ms = ${interval(engine, 'v')},
      checked_at = v.checked_at
    from (select ${f('configId')} as config_id, ${f('fetchKey')} as fetch_key,
      ${f('checkedAt', 'timestamptz')} as checked_at, ${f('intervalMs', 'bigint')} as interval_ms from ${from}) v
    where config_fetches.config_id = v.config_id and config_fetches.fetch_key = v.fetch_key
      and config_fetches.checked_at <= v.checked_at`.compile(db);
}

/**
 * Keeps the agents' links to a configuration on the version each fetched with its identity (the heartbeat links it
 * with the version current then), so links on an older version than their configuration's are the few agents that
 * really are behind: where the Outdated filter starts (`agents/served-links.ts`).
 */
export function alignLinks(db: Db, engine: Engine, rows: readonly FetchWrite[]): CompiledQuery | undefined {
  const identified = rows.filter((row) => row.agentId !== null);
  if (identified.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, identified, ['agentId', 'configId', 'version']);
  return sql`
    update agent_configs set version = v.version
    from (select ${f('agentId')} as agent_id, ${f('configId')} as config_id, ${f('version', 'integer')} as version
      from ${from}) v
    where agent_configs.agent_id = v.agent_id and agent_configs.config_id = v.config_id
      and agent_configs.version <> v.version`.compile(db);
}

/** Forgets fetch records nobody asked about since `before` (retention). */
export async function deleteFetchesBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('configFetches').where('checkedAt', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
