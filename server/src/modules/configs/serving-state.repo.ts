import type { Kysely } from 'kysely';
import type { Database, RolloutsTable } from '../../db/schema.js';

type Db = Kysely<Database>;

export interface ServingRow {
  version: number;
  publishedVersion: number | null;
  pinnedVersion: number | null;
  /** The active rollout (running or paused), if any. */
  rollout: RolloutsTable | undefined;
}

/** What decides the version a configuration serves (ADR 27); undefined when there is no such configuration. */
export async function findServingRow(db: Db, configId: string): Promise<ServingRow | undefined> {
  const config = await db
    .selectFrom('configs')
    .select(['version', 'publishedVersion', 'pinnedVersion'])
    .where('id', '=', configId)
    .executeTakeFirst();
  if (config === undefined) return undefined;
  const rollout = await db
    .selectFrom('rollouts')
    .selectAll()
    .where('configId', '=', configId)
    .where('state', 'in', ['running', 'paused'])
    .executeTakeFirst();
  return { ...config, rollout };
}

/** The agents carrying any of `labelIds`. */
export async function agentsLabelled(db: Db, labelIds: readonly string[]): Promise<Set<string>> {
  if (labelIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('agentLabels')
    .select('agentId')
    .where('labelId', 'in', [...labelIds])
    .execute();
  return new Set(rows.map((row) => row.agentId));
}

/**
 * Per step of a rollout, the agents its label cohort was taken as when the step began (ADR 27); undefined for a step
 * whose cohort has no agents written down.
 */
export async function cohortMembers(
  db: Db,
  rolloutId: string,
  steps: number,
): Promise<Array<ReadonlySet<string> | undefined>> {
  const rows = await db
    .selectFrom('rolloutCohortMembers')
    .select(['step', 'agentId'])
    .where('rolloutId', '=', rolloutId)
    .execute();
  const members: Array<Set<string> | undefined> = Array.from({ length: steps }, () => undefined);
  for (const row of rows) (members[row.step] ??= new Set()).add(row.agentId);
  return members;
}
