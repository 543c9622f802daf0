import { describe, expect, it } from 'vitest';
import { MAX_AUDIT_DIFF, tomlChange } from './audit-diff.js';

describe('a configuration change in the audit log', () => {
  it('keeps the unified diff and both versions’ digests', () => {
    const change = tomlChange('a = 1\n', 'a = 2\n', ['version 1', 'version 2']);
    expect(change.diff).toContain('-a = 1\n+a = 2');
    expect(change).not.toHaveProperty('diffTruncated');
    const { before, after } = change.sha256 as { before: string; after: string };
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(before).not.toBe(after);
  });

  it('cuts a diff past 64 KiB and says so', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `key_${i} = ${i}`).join('\n');
    const change = tomlChange('', big, ['(none)', 'version 1']);
    expect((change.diff as string).length).toBe(MAX_AUDIT_DIFF);
    expect(change.diffTruncated).toBe(true);
  });
});
