import { createHash } from 'node:crypto';
import type { RolloutCohort, RolloutStep } from '@telegraf-controller/contract/rollouts';

/** Buckets of agent ids: a `percent` cohort holds the buckets below `percent × 100`. */
export const BUCKETS = 10_000;

/**
 * An agent's bucket (ADR 27): the first four bytes of the SHA-256 of its id, modulo 10,000. It depends on the id
 * alone, so an agent keeps its place in every rollout, on every node, seen before or not.
 */
export function agentBucket(agentId: string): number {
  return createHash('sha256').update(agentId).digest().readUInt32BE(0) % BUCKETS;
}

/** The defaults of a cohort as a request gives it (ADR 27). */
export function stepOf(cohort: RolloutCohort, index: number): RolloutStep {
  return {
    name: cohort.name ?? `Cohort ${index + 1}`,
    labels: cohort.labels ?? null,
    percent: cohort.percent ?? null,
    agents: cohort.agents ?? null,
    bakeSeconds: cohort.bakeSeconds ?? 600,
    gates: {
      maxFailPercent: cohort.gates?.maxFailPercent ?? 0,
      maxNotReportingPercent: cohort.gates?.maxNotReportingPercent ?? 10,
      maxNewlyErroringPercent: cohort.gates?.maxNewlyErroringPercent ?? 10,
      minSample: cohort.gates?.minSample ?? null,
    },
  };
}

/**
 * The cohort an agent belongs to: the first that selects it, by label (`labelled[i]`, the agents carrying one of
 * cohort i's labels), bucket or list; undefined when none does.
 */
export function cohortOf(
  steps: readonly RolloutStep[],
  agentId: string,
  labelled: ReadonlyArray<ReadonlySet<string> | undefined>,
): number | undefined {
  let bucket: number | undefined;
  for (const [index, step] of steps.entries()) {
    if (step.labels !== null && labelled[index]?.has(agentId)) return index;
    if (step.agents !== null && step.agents.includes(agentId)) return index;
    if (step.percent !== null) {
      bucket ??= agentBucket(agentId);
      if (bucket < step.percent * (BUCKETS / 100)) return index;
    }
  }
  return undefined;
}
