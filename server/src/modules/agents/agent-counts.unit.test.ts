import { describe, expect, it } from 'vitest';
import { createAgentCounts } from './agent-counts.js';

describe('fleet counts reused for a few seconds', () => {
  it('computes a key once while fresh, again once it is older than the max age', async () => {
    let clock = 0;
    let computed = 0;
    const counts = createAgentCounts({ maxAgeMs: 5000, now: () => clock });
    const compute = async () => (computed += 1);
    expect(await counts.get('all', compute)).toBe(1);
    clock = 4999;
    expect(await counts.get('all', compute)).toBe(1);
    expect(await counts.get('status=ok', compute)).toBe(2);
    clock = 5000;
    expect(await counts.get('all', compute)).toBe(3);
  });

  it('shares one computation among callers that ask at once', async () => {
    const counts = createAgentCounts();
    let calls = 0;
    let finish: (value: number) => void = () => undefined;
    const compute = () => {
      calls += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const both = Promise.all([counts.get('all', compute), counts.get('all', compute)]);
    finish(42);
    expect(await both).toEqual([42, 42]);
    expect(calls).toBe(1);
  });

  it('forgets everything on clear, including a value still being computed', async () => {
    const counts = createAgentCounts();
    let value = 0;
    let finish: () => void = () => undefined;
    const slow = () => new Promise<number>((resolve) => (finish = () => resolve((value += 1))));
    const pending = counts.get('all', slow);
    counts.clear();
    finish();
    expect(await pending).toBe(1);
    expect(await counts.get('all', async () => (value += 1))).toBe(2);
  });

  it('never reuses a failure', async () => {
    const counts = createAgentCounts();
    await expect(counts.get('all', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(await counts.get('all', async () => 7)).toBe(7);
  });
});
