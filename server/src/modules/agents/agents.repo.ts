import { TOKEN_AGENT_DAYS } from '@telegraf-controller/contract/tokens';
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { AgentSort } from '@telegraf-controller/contract/agents';
import type { Engine } from '../../db/connect.js';
import { oneOf } from '../../db/json-batch.js';
import { afterCursor } from '../../db/keyset.js';
import type { AgentStatus, AgentsTable, Database } from '../../db/schema.js';
import { labelMembership } from '../labels/label-links.js';
import { incompatibleMembership } from './compatibility.js';
import { outdatedAgent, outdatedMembership, servedLinks, type DriftRule } from './served-links.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface OutdatedFilter {
  rule: DriftRule;
  agentIds?: readonly string[] | undefined;
}

/** Filters with aliases already resolved to ids. */
export interface AgentFilter {
  statuses: readonly AgentStatus[];
  configId?: string;
  groupId?: string;
  reportingRuleId?: string;
  labelIds: readonly string[];
  version?: string;
  search?: string;
  /** Agents whose heartbeats or configuration fetches came with this token within the last 30 days. */
  tokenId?: string;
  /** Agents their reporting rule's thresholds flag Silent or Degrading. */
  flag?: 'silent' | 'degrading';
  /** Agents flagged Outdated under `rule`; `agentIds` are those agents when they were few (`outdatedAgentIds`). */
  outdated?: OutdatedFilter;
  /** Agents flagged Incompatible. */
  incompatible?: boolean;
  /** Agents that reported this error pattern. */
  errorPatternId?: string;
  /** Agents flagged as a duplicate id within `windowMs` of now (or, `flagged: false`, the others). */
  duplicate?: { flagged: boolean; windowMs: number };
}

/** Sort columns, each ending in the id so the order is total (keyset pagination). */
const SORT_COLUMNS: Record<AgentSort, readonly ('lastSeenAt' | 'status' | 'id' | 'nameKey')[]> = {
  lastSeen: ['lastSeenAt', 'id'],
  status: ['status', 'lastSeenAt', 'id'],
  id: ['id'],
  hostname: ['nameKey', 'id'],
};

export const sortColumns = (sort: AgentSort) => SORT_COLUMNS[sort];

/**
 * A filter on another table (config links, labels, the search table) in two shapes: `listed` finds the matching
 * agents first and then sorts them, good when few match; `probed` walks the agents in sort order and tests each,
 * good when many do (the first page is found after a few rows). `rows` are the matching rows, for a bounded count.
 */
interface Membership {
  listed: Expression<SqlBool>;
  probed: Expression<SqlBool>;
  rows: RawBuilder<unknown>;
  /** Below this many `rows` it is `listed` (default `FEW_MATCHES`): fewer when listing costs more per match. */
  fewMatches?: number;
  /**
   * On PostgreSQL, below `FEW_MATCHES` rows: the matches read first (an array), then sorted. For a filter whose
   * matches the planner expects to find soon by walking the page's order, while they lie further apart.
   */
  readFirst?: Expression<SqlBool>;
}

/** Below this many matches a membership filter is `listed` on SQLite; from it on, `probed`. */
const FEW_MATCHES = 2000;

/**
 * Agents whose heartbeats or configuration fetches came with a token within the last 30 days. `listed` walks the
 * tokens' indexes (a token of a few agents); `probed` (`+` keeps SQLite off the agents' one) walks the page's order
 * and tests each row (a fleet token).
 */
function tokenMembership(engine: Engine, tokenId: string): Membership {
  const since = new Date(Date.now() - TOKEN_AGENT_DAYS * 86_400_000).toISOString();
  const fetched = sql`select f.agent_id from config_fetches f
    where f.token_id = ${tokenId} and f.agent_id is not null and f.checked_at >= ${since}`;
  const beaten = sql`select id from agents where token_id = ${tokenId} and token_seen_at >= ${since}`;
  return {
    // PostgreSQL walks the page's order and looks each agent up in the fetched set; SQLite reads both indexes.
    listed:
      engine === 'postgres'
        ? sql<SqlBool>`((agents.token_id = ${tokenId} and agents.token_seen_at >= ${since}) or agents.id in (${fetched}))`
        : sql<SqlBool>`agents.id in (${beaten} union ${fetched})`,
    probed: sql<SqlBool>`((+agents.token_id = ${tokenId} and agents.token_seen_at >= ${since})
      or agents.id in (${fetched}))`,
    rows: sql`${beaten} union all select agents.id from agents where agents.id in (${fetched})`,
  };
}

/** Agents that reported an error pattern (`error_pattern_agents`, written with heartbeats). */
function patternMembership(patternId: string): Membership {
  const reported = sql`select agent_id from error_pattern_agents where pattern_id = ${patternId}`;
  return {
    listed: sql<SqlBool>`agents.id in (${reported})`,
    probed: sql<SqlBool>`exists (select 1 from error_pattern_agents p where p.pattern_id = ${patternId}
      and p.agent_id = agents.id)`,
    rows: sql`select 1 from error_pattern_agents where pattern_id = ${patternId}`,
    readFirst: sql<SqlBool>`agents.id = any(array(${reported}))`,
  };
}

function linkMembership(column: 'config_id' | 'group_id', id: string): Membership {
  return {
    listed: sql<SqlBool>`agents.id in (select agent_id from agent_configs where ${sql.ref(column)} = ${id})`,
    probed: sql<SqlBool>`exists (select 1 from agent_configs c where c.agent_id = agents.id and c.${sql.ref(column)} = ${id})`,
    rows: sql`select 1 from agent_configs where ${sql.ref(column)} = ${id}`,
  };
}

/**
 * Part of the hostname (or id), the id or the IP, looked up in `agents_search` (migration 0009): an FTS5 trigram
 * table on SQLite, a pg_trgm-indexed table on PostgreSQL. FTS5's LIKE takes no ESCAPE, so on SQLite text shorter
 * than three characters or holding a wildcard scans the agents instead.
 */
function matching(search: string, engine: Engine): Membership | Expression<SqlBool> {
  const text = search.toLowerCase();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (engine === 'postgres') {
    return sql<SqlBool>`agents.id in (select agent_id from agents_search where text like ${pattern} escape '\\')`;
  }
  const scanned = sql<SqlBool>`(agents.name_key || ' ' || lower(agents.id) || ' ' || coalesce(agents.ip, '')) like ${pattern} escape '\\'`;
  if ([...text].length < 3 || /[%_\\]/.test(text)) return scanned;
  return {
    listed: sql<SqlBool>`agents.rowid in (select rowid from agents_search where text like ${`%${text}%`})`,
    probed: scanned,
    rows: sql`select 1 from agents_search where text like ${`%${text}%`}`,
  };
}

/** An alternation of hostnames within the window, ending within the window of now (see `duplicateOf`). */
function duplicateCondition({ flagged, windowMs }: { flagged: boolean; windowMs: number }): Expression<SqlBool> {
  const since = new Date(Date.now() - windowMs).toISOString();
  const flaggedNow = sql<SqlBool>`(agents.alternated_at >= ${since} and agents.alternation_gap_ms <= ${windowMs})`;
  return flagged ? flaggedNow : sql<SqlBool>`not coalesce(${flaggedNow}, false)`;
}

/**
 * Silent: as many heartbeats in a row without a metric as the agent's rule says, while it reports OK or no status
 * (and reports at all); degrading: as many with rising errors. The `> 0` terms let the partial indexes answer.
 */
function flagCondition(flag: 'silent' | 'degrading'): Expression<SqlBool> {
  if (flag === 'silent') {
    return sql<SqlBool>`(agents.silent_beats > 0 and agents.reported_status in ('ok', 'undefined')
      and agents.status <> 'not_reporting' and exists (select 1 from reporting_rules r
        where r.id = agents.reporting_rule_id and r.silent_after_beats > 0
        and agents.silent_beats >= r.silent_after_beats))`;
  }
  return sql<SqlBool>`(agents.rising_error_beats > 0 and agents.status <> 'not_reporting'
    and exists (select 1 from reporting_rules r where r.id = agents.reporting_rule_id
      and r.degrading_after_beats > 0 and agents.rising_error_beats >= r.degrading_after_beats))`;
}

/** Each rule's beats that flag an agent Silent or Degrading, by rule id. */
export async function flagThresholds(db: Executor): Promise<Map<string, FlagThresholds>> {
  const rows = await db
    .selectFrom('reportingRules')
    .select(['id', 'silentAfterBeats', 'degradingAfterBeats'])
    .execute();
  return new Map(rows.map(({ id, ...thresholds }) => [id, thresholds]));
}

export interface FlagThresholds {
  silentAfterBeats: number;
  degradingAfterBeats: number;
}

const isMembership = (where: Membership | Expression<SqlBool>): where is Membership => 'listed' in where;
const asListed = (where: Membership | Expression<SqlBool>) => (isMembership(where) ? where.listed : where);

/**
 * The where-clauses of a filter. PostgreSQL plans semi-joins from its statistics, so memberships are `listed`
 * (unless they say to be read first when few match); SQLite's planner cannot tell a config of ten agents from one of 100,000, so each membership is counted up to
 * `FEW_MATCHES` first (an index range) and the shape chosen from that. Counts always list.
 */
async function conditions(
  db: Executor,
  engine: Engine,
  filter: AgentFilter,
  use: 'rows' | 'count',
): Promise<Expression<SqlBool>[]> {
  const where: (Membership | Expression<SqlBool>)[] = [];
  if (filter.statuses.length > 0) where.push(sql<SqlBool>`agents.status in (${sql.join(filter.statuses)})`);
  if (filter.reportingRuleId !== undefined) {
    where.push(sql<SqlBool>`agents.reporting_rule_id = ${filter.reportingRuleId}`);
  }
  if (filter.version !== undefined) where.push(sql<SqlBool>`agents.version = ${filter.version}`);
  if (filter.configId !== undefined) where.push(linkMembership('config_id', filter.configId));
  if (filter.groupId !== undefined) where.push(linkMembership('group_id', filter.groupId));
  for (const labelId of filter.labelIds) where.push(labelMembership('agent', 'agents.id', labelId));
  if (filter.search) where.push(matching(filter.search, engine));
  if (filter.duplicate !== undefined) where.push(duplicateCondition(filter.duplicate));
  if (filter.flag !== undefined) where.push(flagCondition(filter.flag));
  if (filter.outdated !== undefined) where.push(outdatedCondition(engine, filter.outdated));
  if (filter.incompatible) where.push(incompatibleMembership());
  if (filter.errorPatternId !== undefined) where.push(patternMembership(filter.errorPatternId));
  if (filter.tokenId !== undefined) where.push(tokenMembership(engine, filter.tokenId));
  return Promise.all(
    where.map(async (condition) => {
      if (!isMembership(condition) || use === 'count') return asListed(condition);
      const { readFirst } = condition;
      if (engine === 'postgres' && readFirst === undefined) return condition.listed;
      const few = condition.fewMatches ?? FEW_MATCHES;
      const bounded = sql<{ n: number | string }>`select count(*) as n from (${condition.rows} limit ${few}) m`;
      const isFew = Number((await bounded.execute(db)).rows[0]?.n ?? 0) < few;
      if (engine === 'postgres') return isFew ? readFirst! : condition.listed;
      return isFew ? condition.listed : condition.probed;
    }),
  );
}

/** The Outdated agents: one of those listed, else a membership confirming the candidates (see served-links.ts). */
function outdatedCondition(engine: Engine, { rule, agentIds }: OutdatedFilter): Membership | Expression<SqlBool> {
  return agentIds === undefined ? outdatedMembership(engine, rule) : oneOf(engine, sql`agents.id`, agentIds);
}

/** An agent of a list, with its Outdated and Incompatible flags (1 or 0) worked out for its row alone. */
export interface ListedAgentRow extends AgentsTable {
  flagOutdated: number | string;
  flagIncompatible: number | string;
}

export async function listAgentRows(
  db: Executor,
  engine: Engine,
  query: AgentFilter & {
    sort: AgentSort;
    descending: boolean;
    after?: readonly string[];
    limit: number;
    drift: DriftRule;
  },
): Promise<ListedAgentRow[]> {
  const columns = SORT_COLUMNS[query.sort];
  const direction = query.descending ? 'desc' : 'asc';
  const where = await conditions(db, engine, query, 'rows');
  if (query.after !== undefined) {
    where.push(
      afterCursor(
        columns.map((c) => `agents.${c}`),
        query.after,
        query.descending,
      ),
    );
  }
  let page = db.selectFrom('agents').selectAll();
  if (where.length > 0) page = page.where((eb) => eb.and(where));
  for (const column of columns) page = page.orderBy(`agents.${column}`, direction);
  // The flags are worked out over the page alone: PostgreSQL would compute them for every row before the limit.
  let q = db
    .selectFrom(page.limit(query.limit).as('agents'))
    .selectAll()
    .select([
      sql<number>`case when ${outdatedAgent(engine, query.drift)} then 1 else 0 end`.as('flagOutdated'),
      sql<number>`case when ${incompatibleMembership().probed} then 1 else 0 end`.as('flagIncompatible'),
    ]);
  for (const column of columns) q = q.orderBy(`agents.${column}`, direction);
  return q.execute();
}

type Count = number | string | null;
type Bands = Record<'lt5m' | 'lt30m' | 'lt1h' | 'lt12h' | 'lt24h', Count>;

/** Agents per status and per version, and how many reported within each band (cumulative), of a filter. */
export interface FleetCounts {
  byStatus: { status: AgentStatus; count: Count }[];
  byVersion: { version: string | null; count: Count }[];
  bands: Bands;
}

/**
 * The counts of the agents matching `filter`, the bands measured back from `now`. A filtered fleet is read in one
 * pass over the matching agents, grouped by status and version; the whole fleet is counted from three indexes
 * (status, version, last seen), which is quicker than reading every agent row.
 */
export async function summarizeAgents(
  db: Kysely<Database>,
  engine: Engine,
  filter: AgentFilter,
  now: number,
): Promise<FleetCounts> {
  const where = await conditions(db, engine, filter, 'count');
  const since = (ms: number) => new Date(now - ms).toISOString();
  const band = (ms: number) => sql`sum(case when last_seen_at >= ${since(ms)} then 1 else 0 end)`;
  const bands = sql`${band(5 * 60_000)} as lt5m, ${band(30 * 60_000)} as lt30m, ${band(3600_000)} as lt1h,
    ${band(12 * 3600_000)} as lt12h, ${band(24 * 3600_000)} as lt24h`;
  if (where.length === 0) {
    // Three reads of one snapshot, so their counts agree while heartbeats add agents.
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const byStatus = await sql<FleetCounts['byStatus'][number]>`select status, count(*) as count
          from agents group by status`.execute(trx);
        const byVersion = await sql<FleetCounts['byVersion'][number]>`select version, count(*) as count
          from agents group by version`.execute(trx);
        const inBands = await sql<Bands>`select ${bands} from agents`.execute(trx);
        return { byStatus: byStatus.rows, byVersion: byVersion.rows, bands: inBands.rows[0]! };
      });
  }
  const rows = await sql<{ status: AgentStatus; version: string | null; count: Count } & Bands>`
    select status, version, count(*) as count, ${bands}
    from agents where ${sql.join(where, sql` and `)} group by status, version`.execute(db);
  const sum = (pick: (row: (typeof rows.rows)[number]) => Count, keep = (_: (typeof rows.rows)[number]) => true) =>
    rows.rows.filter(keep).reduce((total, row) => total + Number(pick(row) ?? 0), 0);
  return {
    byStatus: [...new Set(rows.rows.map((row) => row.status))].map((status) => ({
      status,
      count: sum(
        (row) => row.count,
        (row) => row.status === status,
      ),
    })),
    byVersion: [...new Set(rows.rows.map((row) => row.version))].map((version) => ({
      version,
      count: sum(
        (row) => row.count,
        (row) => row.version === version,
      ),
    })),
    bands: {
      lt5m: sum((row) => row.lt5m),
      lt30m: sum((row) => row.lt30m),
      lt1h: sum((row) => row.lt1h),
      lt12h: sum((row) => row.lt12h),
      lt24h: sum((row) => row.lt24h),
    },
  };
}

/** How many agents matching `filter` are flagged Outdated, and Incompatible (the fleet bar; not list totals). */
export async function flagCounts(
  db: Kysely<Database>,
  engine: Engine,
  filter: AgentFilter,
  outdated: OutdatedFilter,
): Promise<{ outdated: number; incompatible: number }> {
  const where = await conditions(db, engine, filter, 'count');
  const count = async (flagged: Expression<SqlBool>) =>
    Number(
      (
        await sql<{
          n: Count;
        }>`select count(*) as n from agents where ${sql.join([...where, flagged], sql` and `)}`.execute(db)
      ).rows[0]?.n ?? 0,
    );
  return {
    outdated: await count(asListed(outdatedCondition(engine, outdated))),
    incompatible: await count(incompatibleMembership().listed),
  };
}

/** The name of the token an agent last used (undefined: deleted since). */
export async function findTokenName(db: Executor, tokenId: string): Promise<string | undefined> {
  return (await db.selectFrom('apiTokens').select('name').where('id', '=', tokenId).executeTakeFirst())?.name;
}

export async function findAgentRow(db: Executor, id: string): Promise<AgentsTable | undefined> {
  return db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDetailsRow(db: Executor, id: string) {
  return db.selectFrom('agentDetails').selectAll().where('agentId', '=', id).executeTakeFirst();
}

/** The config links of an agent with the names of what they point at. */
export async function linkRows(db: Executor, id: string) {
  return db
    .selectFrom('agentConfigs')
    .leftJoin('configs', 'configs.id', 'agentConfigs.configId')
    .leftJoin('configGroups', 'configGroups.id', 'agentConfigs.groupId')
    .select([
      'agentConfigs.position',
      'agentConfigs.kind',
      'agentConfigs.source',
      'agentConfigs.configId',
      'agentConfigs.groupId',
      'agentConfigs.version',
      'configs.name as configName',
      'configGroups.name as groupName',
    ])
    .where('agentConfigs.agentId', '=', id)
    .orderBy('agentConfigs.position')
    .execute();
}

/** The names of these configurations and what they ask of Telegraf, by id. */
export async function configFacts(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { name: string; requirements: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('configs')
    .select(['id', 'name', 'requirements'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

export async function deleteAgentRows(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.deleteFrom('agents').where('id', 'in', ids).returning('id').execute()).map((row) => row.id);
}

export async function setReportingRule(db: Executor, ids: readonly string[], ruleId: string): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('agents')
    .set({ reportingRuleId: ruleId })
    .where('id', 'in', ids)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function statisticsRows(db: Executor, id: string, from: string, to: string, limit: number) {
  return db
    .selectFrom('agentStatistics')
    .select(['at', 'errors', 'warnings', 'metrics'])
    .where('agentId', '=', id)
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

export async function reportingRuleExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('reportingRules').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Agents per version they run of one configuration, with how each is known; and fetches that named no agent. */
export async function configVersionCounts(db: Executor, engine: Engine, configId: string, drift: DriftRule) {
  const latest = await db.selectFrom('configs').select('version').where('id', '=', configId).executeTakeFirst();
  if (latest === undefined) return undefined;
  const versions = await sql<{
    version: Count;
    basis: 'exact' | 'inferred' | 'unknown';
    agents: Count;
    outdated: Count;
  }>`select s.version, s.basis, count(distinct s.agent_id) as agents,
      count(distinct case when s.outdated = 1 then s.agent_id end) as outdated
    from ${servedLinks(engine, drift, { configId })} s group by s.version, s.basis`.execute(db);
  const anonymous = await db
    .selectFrom('configFetches')
    .select(['version', (eb) => eb.fn.countAll().as('urls')])
    .where('configId', '=', configId)
    .where('agentId', 'is', null)
    .groupBy('version')
    .execute();
  return { latestVersion: latest.version, versions: versions.rows, anonymous };
}
