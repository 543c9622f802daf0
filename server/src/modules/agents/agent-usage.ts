import { sql, type Kysely, type SqlBool } from 'kysely';
import type { AliasesTable, Database } from '../../db/schema.js';
import { isUuid } from '../../lib/ids.js';
import { parseSource } from '../heartbeats/config-sources.js';

/**
 * For each configuration, up to `limit` agents that loaded it (directly, or through a group holding it) and
 * reported within their reporting rule's not-reporting window: the ones a deletion would break.
 */
export async function activeAgentsUsing(
  db: Kysely<Database>,
  configIds: readonly string[],
  now = Date.now(),
  limit = 20,
): Promise<Map<string, string[]>> {
  const using = new Map<string, string[]>();
  if (configIds.length === 0) return using;
  const rules = await db.selectFrom('reportingRules').select(['id', 'notReportingAfterSeconds']).execute();
  if (rules.length === 0) return using;
  const recent = sql.join(
    rules.map(
      (rule) =>
        sql<SqlBool>`(a.reporting_rule_id = ${rule.id} and a.last_seen_at >= ${new Date(now - rule.notReportingAfterSeconds * 1000).toISOString()})`,
    ),
    sql` or `,
  );
  const rows = await sql<{ configId: string; agentId: string }>`
    select distinct l.config_id, a.id as agent_id from (
      select ac.agent_id, ac.config_id from agent_configs ac where ac.config_id in (${sql.join(configIds)})
      union
      select ac.agent_id, m.config_id from agent_configs ac
        join config_group_members m on m.group_id = ac.group_id
        where m.config_id in (${sql.join(configIds)})
    ) l join agents a on a.id = l.agent_id
    where (${recent})
    order by l.config_id, a.id`.execute(db);
  for (const row of rows.rows) {
    const list = using.get(row.configId) ?? [];
    if (list.length < limit) list.push(row.agentId);
    using.set(row.configId, list);
  }
  return using;
}

/** How many agents reported loading each configuration (directly) or each group, whatever their status. */
export async function agentCounts(
  db: Kysely<Database>,
  column: 'configId' | 'groupId',
  ids: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const rows = await db
    .selectFrom('agentConfigs')
    .select([column, (eb) => eb.fn.count<number | string>('agentId').distinct().as('count')])
    .where(column, 'in', ids)
    .groupBy(column)
    .execute();
  for (const row of rows) counts.set(row[column] as string, Number(row.count));
  return counts;
}

/** The alias a config source loads its target through, and which kinds of target that URL can name. */
function aliasOfSource(
  source: string,
): { alias: string; targetTypes: ReadonlyArray<AliasesTable['targetType']> } | undefined {
  const ref = parseSource(source);
  if (ref === undefined) return undefined;
  if (ref.type === 'alias') return { alias: ref.alias.toLowerCase(), targetTypes: ['config', 'group'] };
  if (isUuid(ref.idOrAlias)) return undefined;
  return { alias: ref.idOrAlias.toLowerCase(), targetTypes: [ref.type] };
}

/**
 * For each alias, how many distinct agents report loading its target through it: a config source naming the alias
 * as heartbeats link them (`/c/{alias}`, or `/api/configs/{alias}/toml` for a configuration's alias and
 * `/api/config-groups/{alias}/toml` for a group's, on any host, in any case). Read from the sources themselves, so an
 * alias moved to another target counts for where it points now.
 */
export async function agentsThroughAliases(
  db: Kysely<Database>,
  aliases: ReadonlyArray<Pick<AliasesTable, 'alias' | 'targetType'>>,
): Promise<Map<string, number>> {
  if (aliases.length === 0) return new Map();
  const wanted = new Map(aliases.map((row) => [row.alias, { targetType: row.targetType, agents: new Set<string>() }]));
  // Only rows whose text holds an alias, or a percent-encoding that may spell one, can name one.
  const rows = await db
    .selectFrom('agentConfigs')
    .select(['agentId', 'source'])
    .where((eb) =>
      eb.or([
        ...aliases.map((row) => sql<SqlBool>`lower(source) like ${`%${row.alias}%`}`),
        sql<SqlBool>`source like '%\\%%' escape '\\'`,
      ]),
    )
    .execute();
  for (const row of rows) {
    const through = aliasOfSource(row.source);
    const alias = through && wanted.get(through.alias);
    if (alias && through.targetTypes.includes(alias.targetType)) alias.agents.add(row.agentId);
  }
  return new Map([...wanted].map(([name, alias]) => [name, alias.agents.size]));
}

/**
 * How many agents reported loading each configuration directly and each group, named, most used first (for
 * /metrics; counts per target as `agentCounts`, over every target at once).
 */
export async function agentsPerTarget(
  db: Kysely<Database>,
): Promise<Array<{ kind: 'config' | 'group'; name: string; count: number }>> {
  const rows = await sql<{ kind: 'config' | 'group'; name: string; count: number | string }>`
    select 'config' as kind, c.name, count(distinct ac.agent_id) as count
      from agent_configs ac join configs c on c.id = ac.config_id group by c.id, c.name
    union all
    select 'group' as kind, g.name, count(distinct ac.agent_id) as count
      from agent_configs ac join config_groups g on g.id = ac.group_id group by g.id, g.name
    order by count desc, name`.execute(db);
  return rows.rows.map((row) => ({ kind: row.kind, name: row.name, count: Number(row.count) }));
}
