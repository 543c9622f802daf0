import { sql, type Kysely, type Transaction } from 'kysely';
import type { AgentStatus, Database, RolloutState, RolloutStepFiguresTable, RolloutsTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export const ACTIVE_STATES: readonly RolloutState[] = ['running', 'paused'];

export interface RolloutRow extends RolloutsTable {
  createdByUsername: string | null;
}

const withNames = (db: Executor) =>
  db
    .selectFrom('rollouts')
    .leftJoin('users', 'users.id', 'rollouts.createdBy')
    .selectAll('rollouts')
    .select('users.username as createdByUsername');

export async function findRollout(db: Executor, configId: string, id: string): Promise<RolloutRow | undefined> {
  return withNames(db).where('rollouts.id', '=', id).where('rollouts.configId', '=', configId).executeTakeFirst();
}

export async function listRollouts(db: Executor, configId: string, limit: number): Promise<RolloutRow[]> {
  return withNames(db)
    .where('rollouts.configId', '=', configId)
    .orderBy('rollouts.createdAt', 'desc')
    .orderBy('rollouts.id', 'desc')
    .limit(limit)
    .execute();
}

/** Rollouts the leader drives: running ones. */
export async function runningRollouts(db: Executor): Promise<RolloutsTable[]> {
  return db.selectFrom('rollouts').selectAll().where('state', '=', 'running').execute();
}

export async function findActiveRollout(db: Executor, configId: string): Promise<RolloutsTable | undefined> {
  return db
    .selectFrom('rollouts')
    .selectAll()
    .where('configId', '=', configId)
    .where('state', 'in', [...ACTIVE_STATES])
    .executeTakeFirst();
}

export async function insertRollout(trx: Transaction<Database>, row: RolloutsTable): Promise<void> {
  await trx.insertInto('rollouts').values(row).execute();
}

/**
 * Takes a step's cohort (ADR 27): a label cohort's agents are those carrying one of its labels now, written down in
 * place of any taken before; a cohort chosen another way has nothing to write.
 */
export async function takeCohort(
  trx: Executor,
  rolloutId: string,
  step: number,
  labelIds: readonly string[] | null,
): Promise<void> {
  if (labelIds === null) return;
  await trx.deleteFrom('rolloutCohortMembers').where('rolloutId', '=', rolloutId).where('step', '=', step).execute();
  await sql`insert into rollout_cohort_members (rollout_id, step, agent_id)
    select distinct cast(${rolloutId} as text), cast(${step} as integer), agent_id from agent_labels
    where label_id in (${sql.join([...labelIds])})`.execute(trx);
}

/** Forgets the cohorts of a rollout that has ended: nothing reads them any more. */
export async function dropCohorts(trx: Executor, rolloutId: string): Promise<void> {
  await trx.deleteFrom('rolloutCohortMembers').where('rolloutId', '=', rolloutId).execute();
}

/**
 * A step's latest figures, replacing the ones measured before, while the rollout is still running that very step
 * (`judged`: its number and start): a round that was overtaken (a leader failing over) leaves the figures a step
 * passed with as they were.
 */
export async function recordFigures(
  db: Executor,
  row: RolloutStepFiguresTable,
  judged: Pick<RolloutsTable, 'step' | 'stepStartedAt'>,
): Promise<void> {
  const { rolloutId: _rollout, step: _step, ...figures } = row;
  await db
    .insertInto('rolloutStepFigures')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .columns(['rolloutId', 'step'])
        .doUpdateSet(figures)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('rollouts')
              .select('rollouts.id')
              .where('rollouts.id', '=', row.rolloutId)
              .where('rollouts.state', '=', 'running')
              .where('rollouts.step', '=', judged.step)
              .where('rollouts.stepStartedAt', '=', judged.stepStartedAt),
          ),
        ),
    )
    .execute();
}

/** The figures of every measured step of these rollouts. */
export async function figuresOf(db: Executor, rolloutIds: readonly string[]): Promise<RolloutStepFiguresTable[]> {
  if (rolloutIds.length === 0) return [];
  return db
    .selectFrom('rolloutStepFigures')
    .selectAll()
    .where('rolloutId', 'in', [...rolloutIds])
    .orderBy('rolloutId')
    .orderBy('step')
    .execute();
}

/**
 * Moves a rollout on, only from one of the states `from` (and, when given, from the very step judged: its number
 * and start, so a pause and resume meanwhile are not overtaken): a transition made twice (two leaders, a retried
 * request) happens once. Answers whether it happened.
 */
export async function moveRollout(
  trx: Executor,
  id: string,
  from: readonly RolloutState[],
  changes: Partial<
    Pick<RolloutsTable, 'state' | 'step' | 'stepStartedAt' | 'cohortsTaken' | 'breach' | 'endedAt' | 'updatedAt'>
  >,
  judged?: Pick<RolloutsTable, 'step' | 'stepStartedAt'>,
): Promise<boolean> {
  let update = trx
    .updateTable('rollouts')
    .set(changes)
    .where('id', '=', id)
    .where('state', 'in', [...from]);
  if (judged !== undefined) {
    update = update.where('step', '=', judged.step).where('stepStartedAt', '=', judged.stepStartedAt);
  }
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What a configuration serves now (read inside a transaction that depends on it). */
export async function findServing(trx: Executor, configId: string) {
  return trx
    .selectFrom('configs')
    .select(['publishedVersion', 'pinnedVersion'])
    .where('id', '=', configId)
    .executeTakeFirst();
}

export async function setPublished(trx: Executor, configId: string, version: number, at: string): Promise<void> {
  await trx
    .updateTable('configs')
    .set({ publishedVersion: version, publishedAt: at })
    .where('id', '=', configId)
    .execute();
}

export async function setPin(
  trx: Executor,
  configId: string,
  pin: { version: number; at: string; by: string | null } | null,
): Promise<void> {
  await trx
    .updateTable('configs')
    .set({ pinnedVersion: pin?.version ?? null, pinnedAt: pin?.at ?? null, pinnedBy: pin?.by ?? null })
    .where('id', '=', configId)
    .execute();
}

export interface VersionFacts {
  authorId: string | null;
  approvedBy: string | null;
}

/** Who wrote a version, and who approved it; undefined when there is no such version. */
export async function findVersionFacts(
  db: Executor,
  configId: string,
  version: number,
): Promise<VersionFacts | undefined> {
  return db
    .selectFrom('configVersions as v')
    .leftJoin('configVersionApprovals as a', (join) =>
      join.onRef('a.configId', '=', 'v.configId').onRef('a.version', '=', 'v.version'),
    )
    .select(['v.authorId', 'a.approvedBy'])
    .where('v.configId', '=', configId)
    .where('v.version', '=', version)
    .executeTakeFirst();
}

export async function insertApproval(
  trx: Executor,
  row: { configId: string; version: number; approvedBy: string; approvedAt: string },
): Promise<void> {
  await trx
    .insertInto('configVersionApprovals')
    .values(row)
    .onConflict((conflict) => conflict.columns(['configId', 'version']).doNothing())
    .execute();
}

/** The agents that load a configuration, directly or through a group. */
export async function agentsLoading(db: Executor, configId: string): Promise<string[]> {
  const rows = await sql<{ agentId: string }>`
    select agent_id from agent_configs where config_id = ${configId}
    union select ac.agent_id from agent_configs ac join config_group_members m on m.group_id = ac.group_id
      where m.config_id = ${configId}`.execute(db);
  return rows.rows.map((row) => row.agentId);
}

export interface SampleRow {
  agentId: string;
  status: AgentStatus;
  /** Whether a heartbeat since the step began reported errors, and whether one in the bake time before it did. */
  errorsAfter: number | string | boolean;
  errorsBefore: number | string | boolean;
}

/**
 * Agents that fetched `version` of a configuration with their identity since `since` (the rollout's start), with
 * their status and their errors around the step's start (`stepStartedAt`, the first moment they could be served
 * it), `bakeMs` before it and any time after: for a step's gates (ADR 27). The fetch time moves with every load (a
 * restart loop), so it is not what errors are compared with.
 */
export async function fetchedSample(
  db: Executor,
  {
    configId,
    version,
    since,
    stepStartedAt,
    bakeMs,
  }: {
    configId: string;
    version: number;
    since: string;
    stepStartedAt: string;
    bakeMs: number;
  },
): Promise<SampleRow[]> {
  const bakeBefore = new Date(new Date(stepStartedAt).getTime() - bakeMs).toISOString();
  const rows = await sql<SampleRow>`
    select f.agent_id, ag.status,
      exists (select 1 from agent_statistics s
        where s.agent_id = f.agent_id and s.at > ${stepStartedAt} and s.errors > 0) as errors_after,
      exists (select 1 from agent_statistics s
        where s.agent_id = f.agent_id and s.at <= ${stepStartedAt} and s.at > ${bakeBefore} and s.errors > 0)
        as errors_before
    from config_fetches f join agents ag on ag.id = f.agent_id
    where f.config_id = ${configId} and f.version = ${version} and f.agent_id is not null
      and f.fetched_at >= ${since}`.execute(db);
  return rows.rows;
}

/** The URL each of `agentIds` reported loading a configuration from (directly, or through a group): its first. */
export async function sourcesOf(
  db: Executor,
  configId: string,
  agentIds: readonly string[],
): Promise<Map<string, string>> {
  if (agentIds.length === 0) return new Map();
  const rows = await sql<{ agentId: string; source: string }>`
    select ac.agent_id, ac.source from agent_configs ac
    where ac.agent_id in (${sql.join(agentIds)}) and (ac.config_id = ${configId}
      or ac.group_id in (select m.group_id from config_group_members m where m.config_id = ${configId}))
    order by ac.agent_id, ac.position`.execute(db);
  const sources = new Map<string, string>();
  for (const row of rows.rows) if (!sources.has(row.agentId)) sources.set(row.agentId, row.source);
  return sources;
}
