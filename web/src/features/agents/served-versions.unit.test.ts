import { describe, expect, it } from 'vitest';
import { outdatedRuns, versionInWords } from './served-versions';

describe('what an agent runs, in words', () => {
  it('says the version it runs of the latest, and when nothing tells', () => {
    expect(versionInWords({ version: 1, latestVersion: 2 })).toBe('v1 of v2');
    expect(versionInWords({ version: 3, latestVersion: 3 })).toBe('v3 of v3');
    expect(versionInWords({ version: null, latestVersion: 2 })).toBe('version not known of v2');
  });

  it('lists each configuration it runs an older version of once, in the order of its links', () => {
    const web = { configId: 'web', outdated: true, basis: 'exact' };
    const db = { configId: 'db', outdated: true, basis: 'exact' };
    const base = { configId: 'base', outdated: false, basis: 'exact' };
    const links = [{ runs: [web] }, { runs: [base, { ...web, basis: 'unknown' }, db] }];
    expect(outdatedRuns(links)).toEqual([web, db]);
    expect(outdatedRuns([{ runs: [base] }])).toEqual([]);
  });
});
