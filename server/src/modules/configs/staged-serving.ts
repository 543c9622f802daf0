import type { Kysely } from 'kysely';
import type { RolloutStep } from '@telegraf-controller/contract/rollouts';
import type { Database } from '../../db/schema.js';
import { agentNamed } from './fetch-recorder.js';
import type { RenderCache } from './render-cache.js';
import { cohortOf } from './rollout-cohorts.js';
import { findVersionToml } from './configs.repo.js';
import { agentsLabelled, cohortMembers, findServingRow } from './serving-state.repo.js';
import { DEFAULT_IDENTITY_PARAMETER, identityParameterOf } from './toml/identity-parameter.js';

/** The version of a configuration to serve for one fetch (ADR 27). */
export interface ServingDecision {
  version: number;
  /** The parameter naming the agent when the version depends on it (a rollout is active): answers differ by it. */
  identity: string | undefined;
}

interface ServingState {
  version: number;
  published: number;
  pinned: number | null;
  rollout:
    | {
        from: number;
        to: number;
        step: number;
        steps: readonly RolloutStep[];
        identity: string;
        /** Per label cohort reached, its agents as taken when its step began. */
        labelled: ReadonlyArray<ReadonlySet<string> | undefined>;
      }
    | undefined;
}

/**
 * Per cohort, the agents carrying one of its labels now (none for a cohort chosen another way): what a rollout's
 * cohorts would be (a review); a running rollout's label cohorts are taken as each step begins (`labelCohortsOf`).
 */
export function cohortLabels(
  db: Kysely<Database>,
  steps: readonly RolloutStep[],
): Promise<Array<ReadonlySet<string> | undefined>> {
  return Promise.all(steps.map((cohort) => (cohort.labels === null ? undefined : agentsLabelled(db, cohort.labels))));
}

/**
 * Per step of a rollout, the agents of its label cohort: as taken when the step began for steps up to
 * `cohortsTaken`; for a later label step (reached by a controller that did not take cohorts: a rolling upgrade,
 * until the leader takes it), the agents carrying its labels now; undefined for a step not chosen by labels.
 */
export async function labelCohortsOf(
  db: Kysely<Database>,
  rollout: { id: string; cohortsTaken: number },
  steps: readonly RolloutStep[],
): Promise<Array<ReadonlySet<string> | undefined>> {
  const taken = await cohortMembers(db, rollout.id, steps.length);
  return Promise.all(
    steps.map((step, index) => {
      if (step.labels === null) return undefined;
      if (index <= rollout.cohortsTaken) return taken[index] ?? new Set<string>();
      return agentsLabelled(db, step.labels);
    }),
  );
}

export interface StagedServing {
  /** The version to serve for a fetch with these parameters; undefined when there is no such configuration. */
  decide(configId: string, parameters: Readonly<Record<string, string>>): Promise<ServingDecision | undefined>;
}

/**
 * Which version each fetch is served (ADR 27): the pinned version, else the rollout's new version to an agent in a
 * cohort it reached and its old version to every other fetch, else the published version. Each configuration's
 * state is read once per generation of the render cache, which every change of it clears (on every node).
 */
export function createStagedServing(db: Kysely<Database>, cache: RenderCache): StagedServing {
  let generation = -1;
  let states = new Map<string, Promise<ServingState | undefined>>();
  const load = async (configId: string): Promise<ServingState | undefined> => {
    const row = await findServingRow(db, configId);
    if (row === undefined) return undefined;
    const state: ServingState = {
      version: row.version,
      published: row.publishedVersion ?? row.version,
      pinned: row.pinnedVersion,
      rollout: undefined,
    };
    if (row.rollout !== undefined) {
      const { fromVersion, toVersion, step } = row.rollout;
      const steps = JSON.parse(row.rollout.cohorts) as RolloutStep[];
      const identityIn = async (version: number) => {
        const toml = await findVersionToml(db, configId, version);
        return toml === undefined ? undefined : identityParameterOf(toml);
      };
      state.rollout = {
        from: fromVersion,
        to: toVersion,
        step,
        steps,
        identity: (await identityIn(toVersion)) ?? (await identityIn(fromVersion)) ?? DEFAULT_IDENTITY_PARAMETER,
        labelled: await labelCohortsOf(db, row.rollout, steps),
      };
    }
    return state;
  };
  return {
    async decide(configId, parameters) {
      if (generation !== cache.generation()) {
        generation = cache.generation();
        states = new Map();
      }
      let loading = states.get(configId);
      if (loading === undefined) {
        loading = load(configId);
        states.set(configId, loading);
        loading.catch(() => states.delete(configId));
      }
      const state = await loading;
      if (state === undefined) return undefined;
      if (state.pinned !== null) return { version: state.pinned, identity: undefined };
      const { rollout } = state;
      if (rollout === undefined) return { version: state.published, identity: undefined };
      const agent = agentNamed(parameters[rollout.identity]);
      const cohort = agent === null ? undefined : cohortOf(rollout.steps, agent, rollout.labelled);
      const reached = cohort !== undefined && cohort <= rollout.step;
      return { version: reached ? rollout.to : rollout.from, identity: rollout.identity };
    },
  };
}
