import { describe, expect, it } from 'vitest';
import { incompatibleReason, incompatibleRuns } from './incompatibility';

describe('what an agent cannot run, in words', () => {
  it('lists each configuration its Telegraf cannot run once, in the order of its links', () => {
    const web = { configId: 'web', incompatible: ["the heartbeat's status: Telegraf 1.38.0 or later"] };
    const db = { configId: 'db', incompatible: ['inputs.aerospike: removed in Telegraf 1.40.0'] };
    const base = { configId: 'base', incompatible: [] };
    const links = [{ runs: [web] }, { runs: [base, { ...web }, db] }];
    expect(incompatibleRuns(links)).toEqual([web, db]);
    expect(incompatibleRuns([{ runs: [base] }])).toEqual([]);
  });

  it("a run's badge names the version it cannot run", () => {
    expect(incompatibleReason({ latestVersion: 3 })).toBe(
      'The Telegraf version this agent reports cannot run v3, for the reasons listed.',
    );
  });
});
