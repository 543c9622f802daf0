import type { Rollout, RolloutStep } from '@telegraf-controller/contract/rollouts';
import { describe, expect, it } from 'vitest';
import {
  bakeSecondsLeft,
  cohortProgress,
  describeFigures,
  describeSelector,
  formatCountdown,
} from './rollout-progress';

const step = (bakeSeconds: number): RolloutStep => ({
  name: 'c',
  labels: null,
  percent: 10,
  agents: null,
  bakeSeconds,
  gates: { maxFailPercent: 0, maxNotReportingPercent: 10, maxNewlyErroringPercent: 10, minSample: null },
});
const rollout = (state: Rollout['state'], stepIndex: number): Rollout => ({
  id: 'r',
  configId: 'c',
  fromVersion: 1,
  toVersion: 2,
  state,
  step: stepIndex,
  stepStartedAt: '2026-01-01T00:00:00.000Z',
  cohorts: [step(600), step(600), step(600)],
  figures: [],
  breach: null,
  createdBy: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
});

describe('how far a rollout has come', () => {
  it('has reached the cohorts before its step, bakes or holds its step, and waits on the rest', () => {
    expect([0, 1, 2].map((index) => cohortProgress(rollout('running', 1), index))).toEqual([
      'served',
      'baking',
      'waiting',
    ]);
    expect(cohortProgress(rollout('paused', 1), 1)).toBe('held');
    expect(cohortProgress(rollout('reverted', 1), 1)).toBe('held');
    expect([0, 1, 2].map((index) => cohortProgress(rollout('finished', 2), index))).toEqual([
      'served',
      'served',
      'served',
    ]);
  });

  it('counts the bake of the current step down from when it started, never below zero', () => {
    const started = Date.parse('2026-01-01T00:00:00.000Z');
    expect(bakeSecondsLeft(rollout('running', 0), started + 125_000)).toBe(475);
    expect(bakeSecondsLeft(rollout('running', 0), started + 700_000)).toBe(0);
    expect(formatCountdown(475)).toBe('7m 55s');
    expect(formatCountdown(3_600)).toBe('1h');
    expect(formatCountdown(0)).toBe('0s');
  });

  it('says how a cohort selects its agents', () => {
    expect(describeSelector(step(0))).toBe('up to 10 % of agents');
    expect(describeSelector({ ...step(0), percent: null, agents: ['a'] })).toBe('1 agent');
    expect(describeSelector({ ...step(0), percent: null, labels: ['l1', 'l2'] }, (id) => id.toUpperCase())).toBe(
      'labels L1, L2',
    );
  });

  it('puts a measured step in words: its cohort, its sample and what each gate counts; nothing before', () => {
    const measured: Rollout = {
      ...rollout('running', 1),
      figures: [
        {
          step: 0,
          agents: 3,
          sample: 2,
          minSample: 1,
          fail: 1,
          notReporting: 0,
          newlyErroring: 0,
          measuredAt: '2026-01-01T00:00:00.000Z',
        },
        {
          step: 1,
          agents: 1,
          sample: 0,
          minSample: 1,
          fail: 0,
          notReporting: 0,
          newlyErroring: 0,
          measuredAt: '2026-01-01T00:00:00.000Z',
        },
      ],
    };
    expect(describeFigures(measured, 0)).toMatchObject({
      cohort: '3 agents · 2 fetched v2, needs 1',
      gates: 'Fail 1 (50 %) · Not Reporting 0 (0 %) · Newly erroring 0 (0 %)',
      overLimit: true,
    });
    expect(describeFigures(measured, 1)).toMatchObject({
      cohort: '1 agent · 0 fetched v2, needs 1',
      gates: 'Fail 0 · Not Reporting 0 · Newly erroring 0',
      overLimit: false,
    });
    // Within every limit: 1 of 20 Not Reporting is 5 %, under the 10 % allowed.
    const within: Rollout = {
      ...measured,
      figures: [{ ...measured.figures[0]!, sample: 20, fail: 0, notReporting: 1, newlyErroring: 2 }],
    };
    expect(describeFigures(within, 0)).toMatchObject({ overLimit: false });
    expect(describeFigures(measured, 2)).toBeUndefined();
  });
});
