import type { RolloutBreach, RolloutStep, RolloutStepFigures } from '@telegraf-controller/contract/rollouts';
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

/** A step's figures (the contract's, less which step and when): its cohort's size, its sample and gate counts. */
export type StepFigures = Omit<RolloutStepFigures, 'step' | 'measuredAt'>;

/**
 * The figures of a step and its judgement once its bake time has passed (ADR 27): wait below the minimum sample (no
 * sample, no pass), else breach at the first gate whose share of the sample is above its limit (Fail, Not
 * Reporting, newly erroring, in that order), else pass.
 */
export function judgeStep(
  step: RolloutStep,
  cohortSize: number,
  sample: readonly SampledAgent[],
): { figures: StepFigures; verdict: Verdict } {
  const minSample = minSampleOf(step, cohortSize);
  const gates = [
    ['fail', step.gates.maxFailPercent, sample.filter((agent) => agent.status === 'fail')],
    ['notReporting', step.gates.maxNotReportingPercent, sample.filter((agent) => agent.status === 'not_reporting')],
    ['newlyErroring', step.gates.maxNewlyErroringPercent, sample.filter((agent) => agent.newlyErroring)],
  ] as const;
  const figures: StepFigures = {
    agents: cohortSize,
    sample: sample.length,
    minSample,
    fail: gates[0][2].length,
    notReporting: gates[1][2].length,
    newlyErroring: gates[2][2].length,
  };
  if (sample.length < minSample) return { figures, verdict: { kind: 'wait', sample: sample.length, minSample } };
  for (const [gate, limit, counted] of gates) {
    const percent = (100 * counted.length) / sample.length;
    if (percent > limit) {
      const breach = {
        gate,
        percent: Math.round(percent * 100) / 100,
        limit,
        sample: sample.length,
        agents: counted.slice(0, BREACH_AGENTS).map((agent) => agent.agentId),
      };
      return { figures, verdict: { kind: 'breach', breach } };
    }
  }
  return { figures, verdict: { kind: 'pass', sample: sample.length } };
}
