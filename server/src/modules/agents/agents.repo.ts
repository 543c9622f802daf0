import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { AgentSort } from '@telegraf-controller/contract/agents';
import type { Engine } from '../../db/connect.js';
import { afterCursor } from '../../db/keyset.js';
import type { AgentStatus, AgentsTable, Database } from '../../db/schema.js';
import { carriesAll } from '../labels/label-links.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Filters with aliases already resolved to ids. */
export interface AgentFilter {
  statuses: readonly AgentStatus[];
  configId?: string;
  groupId?: string;
  reportingRuleId?: string;
  labelIds: readonly string[];
  version?: string;
  search?: string;
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
 * Part of the hostname (or id), the id or the IP, looked up in `agents_search` (migration 0009): an FTS5 trigram
 * table on SQLite, a pg_trgm-indexed table on PostgreSQL. FTS5's LIKE takes no ESCAPE, so on SQLite text shorter
 * than three characters or holding a wildcard scans the agents instead.
 */
function matching(search: string, engine: Engine): Expression<SqlBool> {
  const text = search.toLowerCase();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (engine === 'postgres') {
    return sql<SqlBool>`agents.id in (select agent_id from agents_search where text like ${pattern} escape '\\')`;
  }
  if ([...text].length >= 3 && !/[%_\\]/.test(text)) {
    return sql<SqlBool>`agents.rowid in (select rowid from agents_search where text like ${`%${text}%`})`;
  }
  return sql<SqlBool>`(agents.name_key || ' ' || lower(agents.id) || ' ' || coalesce(agents.ip, '')) like ${pattern} escape '\\'`;
}

function conditions(filter: AgentFilter, engine: Engine): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (filter.statuses.length > 0) where.push(sql<SqlBool>`agents.status in (${sql.join(filter.statuses)})`);
  if (filter.reportingRuleId !== undefined) {
    where.push(sql<SqlBool>`agents.reporting_rule_id = ${filter.reportingRuleId}`);
  }
  if (filter.version !== undefined) where.push(sql<SqlBool>`agents.version = ${filter.version}`);
  if (filter.configId !== undefined) {
    where.push(sql<SqlBool>`agents.id in (select agent_id from agent_configs where config_id = ${filter.configId})`);
  }
  if (filter.groupId !== undefined) {
    where.push(sql<SqlBool>`agents.id in (select agent_id from agent_configs where group_id = ${filter.groupId})`);
  }
  if (filter.labelIds.length > 0) where.push(carriesAll('agent', 'agents.id', filter.labelIds));
  if (filter.search) where.push(matching(filter.search, engine));
  return where;
}

export async function listAgentRows(
  db: Executor,
  engine: Engine,
  query: AgentFilter & { sort: AgentSort; descending: boolean; after?: readonly string[]; limit: number },
): Promise<AgentsTable[]> {
  const columns = SORT_COLUMNS[query.sort];
  const direction = query.descending ? 'desc' : 'asc';
  const where = conditions(query, engine);
  if (query.after !== undefined) {
    where.push(
      afterCursor(
        columns.map((c) => `agents.${c}`),
        query.after,
        query.descending,
      ),
    );
  }
  let q = db.selectFrom('agents').selectAll();
  if (where.length > 0) q = q.where((eb) => eb.and(where));
  for (const column of columns) q = q.orderBy(`agents.${column}`, direction);
  return q.limit(query.limit).execute();
}

export async function countAgents(db: Executor, engine: Engine, filter: AgentFilter): Promise<number> {
  const where = conditions(filter, engine);
  let q = db.selectFrom('agents').select((eb) => eb.fn.countAll<number | string>().as('count'));
  if (where.length > 0) q = q.where((eb) => eb.and(where));
  return Number((await q.executeTakeFirstOrThrow()).count);
}

export async function summarizeAgents(db: Executor, engine: Engine, filter: AgentFilter, now: number) {
  const where = conditions(filter, engine);
  const filtered = where.length > 0 ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const byStatus = await sql<{ status: AgentStatus; count: number | string }>`
    select status, count(*) as count from agents ${filtered} group by status`.execute(db);
  const byVersion = await sql<{ version: string | null; count: number | string }>`
    select version, count(*) as count from agents ${filtered} group by version order by count(*) desc, version
    limit 1000`.execute(db);
  const since = (ms: number) => new Date(now - ms).toISOString();
  const band = (ms: number) => sql`sum(case when last_seen_at >= ${since(ms)} then 1 else 0 end)`;
  const bands = await sql<Record<'lt5m' | 'lt30m' | 'lt1h' | 'lt12h' | 'lt24h' | 'total', number | string | null>>`
    select ${band(5 * 60_000)} as lt5m, ${band(30 * 60_000)} as lt30m, ${band(3600_000)} as lt1h,
      ${band(12 * 3600_000)} as lt12h, ${band(24 * 3600_000)} as lt24h, count(*) as total
    from agents ${filtered}`.execute(db);
  return { byStatus: byStatus.rows, byVersion: byVersion.rows, bands: bands.rows[0]! };
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
