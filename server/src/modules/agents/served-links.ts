import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';

/** How the version an agent runs is known (issue 20 item 2, ADR 26). */
export type VersionBasis = 'exact' | 'inferred' | 'unknown';

export interface DriftRule {
  /** The grace after a save when the agent's fetch interval was never observed (Settings, `outdatedGraceMinutes`). */
  defaultGraceMs: number;
  /** When the grace is measured to (epoch ms); now, unless said otherwise. */
  now?: number;
}

/** Which links to read: one agent's, those of some agents, one configuration's, or all. */
export type LinkScope = { agentId: string } | { agentIds: readonly string[] } | { configId: string };

/**
 * Every configuration each agent loads, directly or as a member of a group it loads, with the version it runs and
 * how that is known:
 * - exact: the agent fetched it with its identity (the fetch record keyed by its id);
 * - inferred: a fetch without an identity was served at the very URL the agent reports (matched by the digest);
 * - unknown: neither; the version is then the one linked from its heartbeat (served here at that URL, else the
 *   current one when it was linked; for a group's member, none).
 * Outdated: a version newer than the one it runs was saved before the grace, which is twice the observed interval
 * between its requests (a watching agent's polls, or its loads), else the default. Columns: agent_id, config_id, group_id, link_position,
 * position (in the group), latest, version, basis, outdated (0 or 1), fetched_at.
 */
/**
 * Whether the version `version` of configuration `config` is Outdated for an agent whose fetch records are `f` (its
 * own) and `a` (at its URL): a newer version was saved before the grace (twice the observed interval, else the
 * default).
 */
function behindBeyondGrace(engine: Engine, rule: DriftRule, config: string, version: RawBuilder<unknown>) {
  const now = new Date(rule.now ?? Date.now()).toISOString();
  const graceMs = sql`coalesce(2 * coalesce(f.interval_ms, a.interval_ms), ${rule.defaultGraceMs})`;
  const beforeGrace = (at: RawBuilder<unknown>) =>
    engine === 'postgres'
      ? sql`${at} < ${now}::timestamptz - ${graceMs} * interval '1 millisecond'`
      : sql`julianday(${at}) < julianday(${now}) - ${graceMs} / 86400000.0`;
  // Saved, and served (published or pinned) since, before the grace.
  const servedSince = sql`coalesce(c.pinned_at, c.published_at, cv.created_at)`;
  return sql<SqlBool>`(${version} < ${SERVED_VERSION} and exists (select 1 from config_versions cv
    where cv.config_id = ${sql.ref(config)} and cv.version > ${version} and cv.version <= ${SERVED_VERSION}
      and ${beforeGrace(sql`cv.created_at`)} and ${beforeGrace(servedSince)}))`;
}

/** The version configuration `c` serves to agents outside a rollout (ADR 27): pinned, else published. */
const SERVED_VERSION = sql`coalesce(c.pinned_version, c.published_version, c.version)`;

/** The fetch records of link `ac` to configuration `config`: the agent's own (`f`), else the one at its URL (`a`). */
const fetchRecords = (config: string) => sql`
  left join config_fetches f on f.config_id = ${sql.ref(config)} and f.fetch_key = ac.agent_id and f.agent_id is not null
  left join config_fetches a on f.config_id is null and a.config_id = ${sql.ref(config)}
    and a.fetch_key = '#' || ac.source_digest`;

export function servedLinks(engine: Engine, rule: DriftRule, scope: LinkScope): RawBuilder<ServedLinkRow> {
  const [direct, member] = scopeConditions(scope);
  const version = sql`coalesce(f.version, a.version, l.version)`;
  return sql<ServedLinkRow>`(
    select l.agent_id, l.config_id, l.group_id, l.link_position, l.position, ${SERVED_VERSION} as latest,
      ${version} as version,
      case when f.version is not null then 'exact' when a.version is not null then 'inferred' else 'unknown' end
        as basis,
      case when ${behindBeyondGrace(engine, rule, 'l.config_id', version)} then 1 else 0 end as outdated,
      coalesce(f.fetched_at, a.fetched_at) as fetched_at
    from (
      select ac.agent_id, ac.config_id, cast(null as text) as group_id, ac.version, ac.source_digest, ac.position as link_position, 0 as position
        from agent_configs ac where ac.config_id is not null and ${direct}
      union all
      select ac.agent_id, m.config_id, ac.group_id, cast(null as integer) as version, ac.source_digest, ac.position as link_position, m.position
        from agent_configs ac join config_group_members m on m.group_id = ac.group_id where ${member}
    ) l
    join configs c on c.id = l.config_id
    left join config_fetches f on f.config_id = l.config_id and f.fetch_key = l.agent_id and f.agent_id is not null
    left join config_fetches a on f.config_id is null and a.config_id = l.config_id
      and a.fetch_key = '#' || l.source_digest
  )`;
}

export interface ServedLinkRow {
  agentId: string;
  configId: string;
  groupId: string | null;
  /** The place of the agent's link (its reported source) this row comes from. */
  linkPosition: number | string;
  /** A group member's place in its group. */
  position: number | string;
  latest: number | string;
  version: number | string | null;
  basis: VersionBasis;
  outdated: number | string;
  fetchedAt: string | Date | null;
}

function scopeConditions(scope: LinkScope): [Expression<SqlBool>, Expression<SqlBool>] {
  if ('agentId' in scope) {
    const condition = sql<SqlBool>`ac.agent_id = ${scope.agentId}`;
    return [condition, condition];
  }
  if ('agentIds' in scope) {
    const condition =
      scope.agentIds.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`ac.agent_id in (${sql.join(scope.agentIds)})`;
    return [condition, condition];
  }
  return [sql<SqlBool>`ac.config_id = ${scope.configId}`, sql<SqlBool>`m.config_id = ${scope.configId}`];
}

/**
 * The agents that may be Outdated, each found by an index range per configuration: fetch records on an older
 * version than their configuration's (with an identity, or matched by URL digest), and links whose own version is
 * older (the fetch recorder keeps a link's version to what the agent fetched). Every Outdated agent is among them,
 * and in a fleet that keeps up they are few; one may be listed twice. `cross join` keeps SQLite on that order, the
 * `is not null` terms let it use the partial indexes of migration 0026, and SQLite's `+` keeps a URL's links found
 * by their digest. PostgreSQL, which cannot tell how many rows of a configuration are behind, would read whole
 * tables; each range is a lateral subquery there (`offset 0` keeps it one), so it is read per configuration.
 */
function outdatedCandidates(engine: Engine) {
  // Each range: the agent column, the tables read after `configs c`, and the range's terms.
  const ranges = [
    [
      sql`f.agent_id`,
      sql`config_fetches f`,
      sql`f.config_id = c.id and f.version < ${SERVED_VERSION} and f.agent_id is not null`,
    ],
    [
      sql`ac.agent_id`,
      sql`config_fetches a cross join agent_configs ac`,
      sql`a.config_id = c.id and a.version < ${SERVED_VERSION} and a.agent_id is null
        and ac.source_digest = a.source_digest and ac.source_digest is not null
        and ${engine === 'sqlite' ? sql`+ac.config_id` : sql`ac.config_id`} = c.id`,
    ],
    [
      sql`ac.agent_id`,
      sql`agent_configs ac`,
      sql`ac.config_id = c.id and ac.config_id is not null and ac.version < ${SERVED_VERSION}`,
    ],
  ];
  return sql.join(
    ranges.map(([agent, tables, terms]) =>
      engine === 'postgres'
        ? sql`select r.agent_id from configs c cross join lateral (select ${agent} from ${tables} where ${terms} offset 0) r`
        : sql`select ${agent} from configs c cross join ${tables} where ${terms}`,
    ),
    sql` union all `,
  );
}

/** Links of agent `agents.id` (`outer`), or of the candidates (`set`), behind their configuration beyond the grace. */
function behindLinks(engine: Engine, rule: DriftRule, agents: 'outer' | 'set') {
  const whose = agents === 'outer' ? sql`ac.agent_id = agents.id` : sql`ac.agent_id in (${outdatedCandidates(engine)})`;
  const direct = sql`coalesce(f.version, a.version, ac.version)`;
  const member = sql`coalesce(f.version, a.version)`;
  return {
    direct: sql`select ac.agent_id from agent_configs ac join configs c on c.id = ac.config_id
      ${fetchRecords('ac.config_id')}
      where ${whose} and ${behindBeyondGrace(engine, rule, 'ac.config_id', direct)}`,
    member: sql`select ac.agent_id from agent_configs ac join config_group_members m on m.group_id = ac.group_id
      join configs c on c.id = m.config_id ${fetchRecords('m.config_id')}
      where ${whose} and ${behindBeyondGrace(engine, rule, 'm.config_id', member)}`,
  };
}

/** Whether the outer query's agent (`agents.id`) is Outdated, by lookups from its own links: for a page's rows. */
export function outdatedAgent(engine: Engine, rule: DriftRule): Expression<SqlBool> {
  const outer = behindLinks(engine, rule, 'outer');
  return sql<SqlBool>`(exists (${outer.direct}) or exists (${outer.member}))`;
}

/**
 * Agents with a link that is Outdated, for the list filter and its counts: a link to a configuration, or to a group
 * one of whose members it was seen fetching, behind beyond the grace. `listed` confirms the candidates as one set
 * (joins, not a lookup per agent); on SQLite, when they are many, the page's order is walked instead and each agent
 * looked up among them and confirmed (`+` keeps SQLite from driving the walk from that list).
 */
export function outdatedMembership(engine: Engine, rule: DriftRule) {
  const set = behindLinks(engine, rule, 'set');
  return {
    listed: sql<SqlBool>`agents.id in (${set.direct} union all ${set.member})`,
    probed: sql<SqlBool>`(+agents.id in (${outdatedCandidates(engine)}) and ${outdatedAgent(engine, rule)})`,
    rows: outdatedCandidates(engine),
    fewMatches: 100,
  };
}

/** The most candidates `outdatedAgentIds` confirms one by one; the most Outdated agents it lists. */
export const OUTDATED_CONFIRMED_MAX = 10_000;
export const OUTDATED_LISTED_MAX = 5000;

/**
 * The Outdated agents, each candidate confirmed by a few index lookups from its own links; undefined when there are
 * more than `OUTDATED_CONFIRMED_MAX` candidates (just after a save, every agent loading it is one until it fetches)
 * or more than `OUTDATED_LISTED_MAX` Outdated agents: the list then filters with `outdatedMembership`.
 */
export async function outdatedAgentIds(
  db: Kysely<Database>,
  engine: Engine,
  rule: DriftRule,
): Promise<string[] | undefined> {
  const candidates = await sql<{ n: number | string }>`select count(*) as n
    from (${outdatedCandidates(engine)} limit ${OUTDATED_CONFIRMED_MAX + 1}) u`.execute(db);
  if (Number(candidates.rows[0]?.n ?? 0) > OUTDATED_CONFIRMED_MAX) return undefined;
  const outdated = await sql<{ id: string }>`select agents.id
    from (select distinct u.agent_id as id from (${outdatedCandidates(engine)}) u) agents
    where ${outdatedAgent(engine, rule)} limit ${OUTDATED_LISTED_MAX + 1}`.execute(db);
  return outdated.rows.length > OUTDATED_LISTED_MAX ? undefined : outdated.rows.map((row) => row.id);
}

/** The served links of `scope`, as rows. */
export async function servedLinkRows(
  db: Kysely<Database>,
  engine: Engine,
  rule: DriftRule,
  scope: LinkScope,
): Promise<ServedLinkRow[]> {
  const rows = await sql<ServedLinkRow>`select * from ${servedLinks(engine, rule, scope)} s
    order by s.agent_id, s.link_position, s.position`.execute(db);
  return rows.rows;
}
