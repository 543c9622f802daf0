import type { Rollout, RolloutStep, RolloutStepFigures } from '@telegraf-controller/contract/rollouts';

/** A rollout's own page. */
export const rolloutPath = (rollout: Pick<Rollout, 'configId' | 'id'>) =>
  `/configs/${encodeURIComponent(rollout.configId)}/rollouts/${encodeURIComponent(rollout.id)}`;

export type CohortProgress = 'served' | 'baking' | 'held' | 'waiting';

/**
 * Where one cohort stands: `served` the new version (a step passed, or the rollout finished), `baking` (the current
 * step of a running rollout), `held` (the current step of a paused or ended one), `waiting` (not reached).
 */
export function cohortProgress(rollout: Rollout, index: number): CohortProgress {
  if (rollout.state === 'finished' || index < rollout.step) return 'served';
  if (index > rollout.step) return 'waiting';
  return rollout.state === 'running' ? 'baking' : 'held';
}

/** Seconds left of the current step's bake; 0 once it has passed (the gates are then judged at the next round). */
export function bakeSecondsLeft(rollout: Rollout, now: number): number {
  const step = rollout.cohorts[rollout.step];
  if (!step) return 0;
  const ends = Date.parse(rollout.stepStartedAt) + step.bakeSeconds * 1000;
  return Math.max(0, Math.ceil((ends - now) / 1000));
}

const UNITS = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'm'],
  [1, 's'],
] as const;

/** A countdown to two parts, from its largest unit: "12m 5s", "1h", "40s", "0s". */
export function formatCountdown(seconds: number): string {
  const first = UNITS.findIndex(([size]) => seconds >= size);
  if (first === -1) return '0s';
  let rest = seconds;
  const parts: string[] = [];
  for (const [size, unit] of UNITS.slice(first, first + 2)) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.join(' ');
}

const agents = (count: number) => `${count} ${count === 1 ? 'agent' : 'agents'}`;

/** How a cohort picks its agents, in words: "labels web, db", "up to 25 % of agents", "3 agents". */
export function describeSelector(step: RolloutStep, labelName: (id: string) => string = (id) => id): string {
  if (step.labels) return `${step.labels.length === 1 ? 'label' : 'labels'} ${step.labels.map(labelName).join(', ')}`;
  if (step.percent !== null) return `up to ${step.percent} % of agents`;
  return agents(step.agents?.length ?? 0);
}

const share = (count: number, of: number) => (of === 0 ? '' : ` (${Math.round((1000 * count) / of) / 10} %)`);

/**
 * A measured step's figures in words: its cohort and sample ("3 agents · 2 fetched v2, needs 1") and what each gate
 * counts in the sample ("Fail 1 (50 %) · Not Reporting 0 · Newly erroring 0"); undefined before it was measured.
 */
export function describeFigures(
  rollout: Rollout,
  index: number,
): { cohort: string; gates: string; figures: RolloutStepFigures; overLimit: boolean } | undefined {
  const figures = rollout.figures.find((entry) => entry.step === index);
  const step = rollout.cohorts[index];
  if (!figures || !step) return undefined;
  const { sample } = figures;
  const over = (count: number, limit: number) => sample > 0 && (100 * count) / sample > limit;
  return {
    figures,
    // A gate's share of the sample is above its limit (judged so once the sample is big enough and the bake is over).
    overLimit:
      over(figures.fail, step.gates.maxFailPercent) ||
      over(figures.notReporting, step.gates.maxNotReportingPercent) ||
      over(figures.newlyErroring, step.gates.maxNewlyErroringPercent),
    cohort: `${agents(figures.agents)} · ${sample} fetched v${rollout.toVersion}, needs ${figures.minSample}`,
    gates: [
      `Fail ${figures.fail}${share(figures.fail, sample)}`,
      `Not Reporting ${figures.notReporting}${share(figures.notReporting, sample)}`,
      `Newly erroring ${figures.newlyErroring}${share(figures.newlyErroring, sample)}`,
    ].join(' · '),
  };
}
