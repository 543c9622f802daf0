import { describe, expect, it } from 'vitest';
import { newCohort, toRolloutCreate } from './rollout-draft';

describe('the New rollout form, as the request it sends', () => {
  it('sends each cohort with its one selector, leaving blank gates to the server', () => {
    const canary = { ...newCohort(), name: ' canary ', selector: 'agents' as const, agents: 'a-1\na-2, a-1' };
    const tenth = { ...newCohort('10'), maxFailPercent: '1', bakeSeconds: '' };
    const labelled = { ...newCohort(), selector: 'labels' as const, labels: [{ id: 'l1', name: 'edge', color: null }] };
    expect(toRolloutCreate('3', [canary, tenth, labelled])).toEqual({
      body: {
        version: 3,
        cohorts: [
          { name: 'canary', agents: ['a-1', 'a-2'], bakeSeconds: 600 },
          { percent: 10, gates: { maxFailPercent: 1 } },
          { labels: ['l1'], bakeSeconds: 600 },
        ],
      },
    });
  });

  it('names the field of each mistake the way the server points at it', () => {
    const checked = toRolloutCreate('', [
      newCohort('25'),
      { ...newCohort('20'), minSample: '0.5' },
      { ...newCohort(), selector: 'agents' },
      { ...newCohort('100'), bakeSeconds: '-1', maxNotReportingPercent: '101' },
    ]);
    expect(checked).toEqual({
      errors: {
        version: 'Choose the version to roll out.',
        'cohorts.1.percent': 'Shares add up: enter more than the 25 % of an earlier cohort.',
        'cohorts.1.gates.minSample': 'Enter a whole number from 1 up to 1000000.',
        'cohorts.2.agents': 'Enter at least one agent id.',
        'cohorts.3.bakeSeconds': 'Enter a whole number from 0 up to 604800.',
        'cohorts.3.gates.maxNotReportingPercent': 'Enter a number from 0 up to 100.',
      },
    });
  });
});
