import type { RolloutBreach, RolloutStep } from '@telegraf-controller/contract/rollouts';
import type { AgentStatus } from '../../db/schema.js';

/** One agent of a step's sample: it fetched the new version with its identity. */
export interface SampledAgent {
  agentId: string;
  status: AgentStatus;
  /** Errors reported after its fetch, and none in the bake time before it. */
  newlyErroring: boolean;
}

export type Verdict =
  | { kind: 'wait'; sample: number; minSample: number }
  | { kind: 'pass'; sample: number }
  | { kind: 'breach'; breach: Omit<RolloutBreach, 'step' | 'at'> };

/** Agents named in a breach at most. */
const BREACH_AGENTS = 100;

/** The smallest sample a step passes with (ADR 27): its own, else max(1, 5 % of the cohort, rounded up). */
export function minSampleOf(step: RolloutStep, cohortSize: number): number {
  return step.gates.minSample ?? Math.max(1, Math.ceil(cohortSize * 0.05));
}

/**
 * The judgement of a step once its bake time has passed (ADR 27): wait below the minimum sample (no sample, no
 * pass), else breach at the first gate whose share of the sample is above its limit (Fail, Not Reporting, newly
 * erroring, in that order), else pass.
 */
export function judgeStep(step: RolloutStep, cohortSize: number, sample: readonly SampledAgent[]): Verdict {
  const minSample = minSampleOf(step, cohortSize);
  if (sample.length < minSample) return { kind: 'wait', sample: sample.length, minSample };
  const gates = [
    ['fail', step.gates.maxFailPercent, (agent: SampledAgent) => agent.status === 'fail'],
    ['notReporting', step.gates.maxNotReportingPercent, (agent: SampledAgent) => agent.status === 'not_reporting'],
    ['newlyErroring', step.gates.maxNewlyErroringPercent, (agent: SampledAgent) => agent.newlyErroring],
  ] as const;
  for (const [gate, limit, counts] of gates) {
    const counted = sample.filter(counts);
    const percent = (100 * counted.length) / sample.length;
    if (percent > limit) {
      return {
        kind: 'breach',
        breach: {
          gate,
          percent: Math.round(percent * 100) / 100,
          limit,
          sample: sample.length,
          agents: counted.slice(0, BREACH_AGENTS).map((agent) => agent.agentId),
        },
      };
    }
  }
  return { kind: 'pass', sample: sample.length };
}
