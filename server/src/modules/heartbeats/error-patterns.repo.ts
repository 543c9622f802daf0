import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Engine } from '../../db/connect.js';
import { batchOf } from '../../db/json-batch.js';
import { afterCursor } from '../../db/keyset.js';
import type { Database, ErrorPatternsTable } from '../../db/schema.js';
import type { PatternWrite, SightingWrite } from './error-patterns.js';

/** Patterns kept at most: a new one beyond this is not recorded until retention makes room. */
export const MAX_PATTERNS = 10_000;
/**
 * Patterns one agent may bring in: an agent logging endless distinct messages cannot fill the table for the others
 * (it is still counted in the patterns others share).
 */
export const MAX_PATTERNS_PER_AGENT = 100;

type Db = Kysely<Database>;

/** Adds a flush's patterns: new ones (within the caps) are created, known ones counted and given the latest sample. */
export function upsertPatterns(db: Db, engine: Engine, rows: readonly PatternWrite[]): CompiledQuery | undefined {
  if (rows.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, rows, [
    'id',
    'level',
    'source',
    'pattern',
    'sample',
    'sampleAgentId',
    'at',
    'occurrences',
  ]);
  const latest = engine === 'postgres' ? sql`greatest` : sql`max`;
  return sql`
    insert into error_patterns (id, level, source, pattern, sample, sample_agent_id, first_seen_at, last_seen_at,
      occurrences)
    select ${f('id')}, ${f('level')}, ${f('source')}, ${f('pattern')}, ${f('sample')}, ${f('sampleAgentId')},
      ${f('at', 'timestamptz')}, ${f('at', 'timestamptz')}, ${f('occurrences', 'bigint')}
    from ${from}
    where exists (select 1 from error_patterns p where p.id = ${f('id')})
      or ((select count(*) from error_patterns) < ${MAX_PATTERNS}
        and (select count(*) from error_pattern_agents a where a.agent_id = ${f('sampleAgentId')})
          < ${MAX_PATTERNS_PER_AGENT})
    on conflict (id) do update set
      sample = excluded.sample,
      sample_agent_id = excluded.sample_agent_id,
      last_seen_at = ${latest}(error_patterns.last_seen_at, excluded.last_seen_at),
      occurrences = error_patterns.occurrences + excluded.occurrences`.compile(db);
}

/** Adds which agent reported which pattern (of the patterns recorded). */
export function upsertSightings(db: Db, engine: Engine, rows: readonly SightingWrite[]): CompiledQuery | undefined {
  if (rows.length === 0) return undefined;
  const { from, field: f } = batchOf(engine, rows, ['patternId', 'agentId', 'at', 'occurrences']);
  const latest = engine === 'postgres' ? sql`greatest` : sql`max`;
  return sql`
    insert into error_pattern_agents (pattern_id, agent_id, first_seen_at, last_seen_at, occurrences)
    select ${f('patternId')}, ${f('agentId')}, ${f('at', 'timestamptz')}, ${f('at', 'timestamptz')},
      ${f('occurrences', 'bigint')}
    from ${from} where exists (select 1 from error_patterns p where p.id = ${f('patternId')})
    on conflict (pattern_id, agent_id) do update set
      last_seen_at = ${latest}(error_pattern_agents.last_seen_at, excluded.last_seen_at),
      occurrences = error_pattern_agents.occurrences + excluded.occurrences`.compile(db);
}

export interface PatternRow extends ErrorPatternsTable {
  agents: number | string;
}

export interface PatternQuery {
  level?: 'ERROR' | 'WARN';
  /** Part of the source or the pattern, any case. */
  search?: string;
  /** `lastSeenAt` and id of the last row of the page before. */
  after?: readonly string[];
  limit: number;
}

/** The where-clause of a filter of patterns. */
function filtered(db: Db, { level, search }: Pick<PatternQuery, 'level' | 'search'>) {
  let q = db.selectFrom('errorPatterns');
  if (level !== undefined) q = q.where('level', '=', level);
  if (search) {
    const like = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`(lower(source) like ${like} escape '\\' or lower(pattern) like ${like} escape '\\')`);
  }
  return q;
}

/** How many patterns a filter matches. */
export async function countPatterns(db: Db, query: Pick<PatternQuery, 'level' | 'search'>): Promise<number> {
  const row = await filtered(db, query)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Patterns seen most recently first, each with the number of agents that reported it. */
export async function listPatterns(db: Db, query: PatternQuery): Promise<PatternRow[]> {
  let q = filtered(db, query)
    .selectAll('errorPatterns')
    .select(
      sql<number | string>`(select count(*) from error_pattern_agents a where a.pattern_id = error_patterns.id)`.as(
        'agents',
      ),
    );
  if (query.after !== undefined) {
    q = q.where(afterCursor(['errorPatterns.lastSeenAt', 'errorPatterns.id'], query.after, true));
  }
  return q.orderBy('lastSeenAt', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

/** Forgets patterns, and agents' reports of them, not seen since `before`. */
export async function purgePatterns(db: Db, before: string): Promise<void> {
  await db.deleteFrom('errorPatternAgents').where('lastSeenAt', '<', before).execute();
  await db.deleteFrom('errorPatterns').where('lastSeenAt', '<', before).execute();
}
