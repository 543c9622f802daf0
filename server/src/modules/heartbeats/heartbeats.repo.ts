import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../../db/connect.js';
import { batchOf, millisecondsBetween } from '../../db/json-batch.js';
import type { AgentConfigsTable, Database, ReportedStatus } from '../../db/schema.js';
import type { StoredLog } from './heartbeat-logs.js';

/** One agent's row of a flush: the last heartbeat it sent in the batch window. */
export interface AgentWrite {
  id: string;
  hostname: string | null;
  ip: string | null;
  version: string;
  /** `telegrafVersionKey` of the version (null: none could be read). */
  versionKey: string | null;
  reportedStatus: ReportedStatus;
  at: string;
  errors: number | null;
  warnings: number | null;
  metrics: number | null;
  tokenId: string | null;
  /** Another hostname that heartbeated with this id within the same batch window: two machines, at once. */
  clashHostname: string | null;
}

export interface DetailsWrite {
  agentId: string;
  configurations: string[] | null;
  logs: StoredLog[] | null;
  logsReported: number;
  lastFailureAt: string | null;
  at: string;
}

export type LinkWrite = AgentConfigsTable;

/**
 * The statements of one flush are compiled here and run by `DatabaseHandle.write` (on SQLite, by the writer thread),
 * in the order the service lists them, in one transaction. Each builder returns nothing when it has no rows.
 */
type Db = Kysely<Database>;

/**
 * Creates agents (with the default rule) or updates them. `status` returns to what the agent reports; `last_seen_at`
 * only moves forward; hostname and statistics keep their value when a heartbeat leaves them out. A hostname change
 * keeps the hostname before it and when; one that follows an earlier change is recorded as an alternation
 * (duplicate ids). Beats
 * that routed no metric, and beats whose errors rose over the beat before, are counted while they follow each other
 * (silent and degrading agents).
 */
export function upsertAgents(db: Db, engine: Engine, rows: readonly AgentWrite[]): CompiledQuery | undefined {
  if (rows.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, rows, [
    'id',
    'hostname',
    'ip',
    'version',
    'versionKey',
    'reportedStatus',
    'at',
    'errors',
    'warnings',
    'metrics',
    'tokenId',
    'clashHostname',
  ]);
  const latest = engine === 'postgres' ? sql`greatest` : sql`max`;
  // A hostname change (migration 0019).
  const changed = sql`(excluded.hostname is not null and agents.hostname is not null
    and excluded.hostname <> agents.hostname)`;
  // Two hostnames within one batch window (clones beating in step): the row carries the other as previous_hostname.
  const clash = sql`(excluded.previous_hostname is not null)`;
  // A change that follows an earlier one: back to the host before (two machines), or on to a third (three or more).
  const alternated = sql`((${changed} and agents.hostname_changed_at is not null) or ${clash})`;
  // The flags' counts start again when the agent comes back from Not Reporting (a restarted Telegraf reports no
  // metric until its first flush), and stop at 101 (a threshold is at most 100).
  const least = engine === 'postgres' ? sql`least` : sql`min`;
  const back = sql`agents.status = 'not_reporting'`;
  const gapMs = millisecondsBetween(engine, sql`excluded.last_seen_at`, sql`agents.hostname_changed_at`);
  const pair = (first: RawBuilder<unknown>, second: RawBuilder<unknown>) =>
    engine === 'postgres' ? sql`json_build_array(${first}, ${second})::text` : sql`json_array(${first}, ${second})`;
  const hosts = pair(
    sql`excluded.hostname`,
    sql`case when ${clash} then excluded.previous_hostname else agents.hostname end`,
  );
  const clashAt = sql`case when ${f('clashHostname')} is null then null else ${f('at', 'timestamptz')} end`;
  return sql`
    insert into agents (id, hostname, ip, version, status, reported_status, reporting_rule_id, first_seen_at,
      last_seen_at, errors, warnings, metrics, name_key, token_id, token_seen_at, silent_beats, rising_error_beats,
      version_key, previous_hostname, hostname_changed_at, alternated_at, alternation_gap_ms, alternation_hosts,
      alternations)
    select ${f('id')}, ${f('hostname')}, ${f('ip')}, ${f('version')}, ${f('reportedStatus')}, ${f('reportedStatus')},
      (select id from reporting_rules where is_default = 1), ${f('at', 'timestamptz')}, ${f('at', 'timestamptz')},
      ${f('errors', 'bigint')}, ${f('warnings', 'bigint')}, ${f('metrics', 'bigint')},
      lower(coalesce(${f('hostname')}, ${f('id')})), ${f('tokenId')},
      case when ${f('tokenId')} is null then null else ${f('at', 'timestamptz')} end,
      case when ${f('metrics', 'bigint')} = 0 then 1 else 0 end,
      case when ${f('errors', 'bigint')} > 0 then 1 else 0 end,
      ${f('versionKey')}, ${f('clashHostname')}, ${clashAt}, ${clashAt},
      case when ${f('clashHostname')} is null then null else 0 end,
      case when ${f('clashHostname')} is null then null else ${pair(f('hostname'), f('clashHostname'))} end,
      case when ${f('clashHostname')} is null then 0 else 1 end
    from ${from} where true
    on conflict (id) do update set
      hostname = coalesce(excluded.hostname, agents.hostname),
      ip = excluded.ip,
      version = excluded.version,
      version_key = excluded.version_key,
      status = excluded.reported_status,
      reported_status = excluded.reported_status,
      last_seen_at = ${latest}(agents.last_seen_at, excluded.last_seen_at),
      errors = coalesce(excluded.errors, agents.errors),
      warnings = coalesce(excluded.warnings, agents.warnings),
      metrics = coalesce(excluded.metrics, agents.metrics),
      name_key = lower(coalesce(excluded.hostname, agents.hostname, agents.id)),
      previous_hostname = case when ${clash} then excluded.previous_hostname
        when ${changed} then agents.hostname else agents.previous_hostname end,
      hostname_changed_at = case when ${changed} or ${clash} then excluded.last_seen_at
        else agents.hostname_changed_at end,
      alternated_at = case when ${alternated} then excluded.last_seen_at else agents.alternated_at end,
      alternation_gap_ms = case when ${clash} then 0 when ${alternated} then ${latest}(0, ${gapMs})
        else agents.alternation_gap_ms end,
      alternation_hosts = case when ${alternated} then ${hosts} else agents.alternation_hosts end,
      alternations = agents.alternations + case when ${alternated} then 1 else 0 end,
      silent_beats = case when excluded.metrics is null then agents.silent_beats
        when excluded.metrics <> 0 then 0 when ${back} then 1 else ${least}(agents.silent_beats + 1, 101) end,
      rising_error_beats = case when excluded.errors is null then agents.rising_error_beats
        when ${back} then excluded.rising_error_beats
        when excluded.errors > coalesce(agents.errors, 0) then ${least}(agents.rising_error_beats + 1, 101) else 0 end,
      token_id = excluded.token_id,
      token_seen_at = excluded.token_seen_at`.compile(db);
}

export function insertStatistics(db: Db, engine: Engine, rows: readonly AgentWrite[]): CompiledQuery | undefined {
  const withStatistics = rows.filter((r) => r.errors !== null);
  if (withStatistics.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, withStatistics, ['id', 'at', 'errors', 'warnings', 'metrics']);
  return sql`
    insert into agent_statistics (agent_id, at, errors, warnings, metrics)
    select ${f('id')}, ${f('at', 'timestamptz')}, ${f('errors', 'bigint')}, ${f('warnings', 'bigint')},
      ${f('metrics', 'bigint')}
    from ${from} where true
    on conflict do nothing`.compile(db);
}

/** Config sources and logs, for the agents whose report of them changed since the last write. */
export function upsertDetails(db: Db, engine: Engine, rows: readonly DetailsWrite[]): CompiledQuery | undefined {
  if (rows.length === 0) return undefined;
  const encoded = rows.map((r) => ({
    ...r,
    configurations: r.configurations && JSON.stringify(r.configurations),
    logs: r.logs && JSON.stringify(r.logs),
  }));
  const { from, field: f } = batchOf(engine, encoded, [
    'agentId',
    'configurations',
    'logs',
    'logsReported',
    'lastFailureAt',
    'at',
  ]);
  return sql`
    insert into agent_details (agent_id, configurations, logs, logs_reported, last_failure_at, updated_at)
    select ${f('agentId')}, ${f('configurations')}, ${f('logs')}, ${f('logsReported', 'integer')},
      ${f('lastFailureAt', 'timestamptz')}, ${f('at', 'timestamptz')}
    from ${from} where true
    on conflict (agent_id) do update set
      configurations = excluded.configurations,
      logs = excluded.logs,
      logs_reported = excluded.logs_reported,
      last_failure_at = excluded.last_failure_at,
      updated_at = excluded.updated_at`.compile(db);
}

/** Replaces the config links of these agents: a delete, then an insert when there are links. */
export function replaceLinks(
  db: Db,
  engine: Engine,
  agentIds: readonly string[],
  links: readonly LinkWrite[],
): CompiledQuery[] {
  if (agentIds.length === 0) return [];
  const removal = db.deleteFrom('agentConfigs').where('agentId', 'in', agentIds).compile();
  if (links.length === 0) return [removal];
  const { from, field: f } = batchOf(engine, links, [
    'agentId',
    'position',
    'kind',
    'source',
    'configId',
    'groupId',
    'version',
    'sourceDigest',
  ]);
  const insertion = sql`
    insert into agent_configs (agent_id, position, kind, source, config_id, group_id, version, source_digest)
    select ${f('agentId')}, ${f('position', 'integer')}, ${f('kind')}, ${f('source')}, ${f('configId')},
      ${f('groupId')}, ${f('version', 'integer')}, ${f('sourceDigest')}
    from ${from} where true`.compile(db);
  return [removal, insertion];
}

/** Whether the database answers at all: tells a batch it refuses apart from a database that is down. */
export async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Whether an agent with this id is stored. */
export async function agentExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('agents').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function countAgents(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
