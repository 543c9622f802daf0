import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';

describe('unified diff', () => {
  it('shows a changed line with its context and hunk header', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n');
    expect(unifiedDiff(before, after, ['v1', 'v2'])).toBe(
      ['--- v1', '+++ v2', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ''].join('\n'),
    );
  });

  it('has no hunks for identical texts', () => {
    expect(unifiedDiff('x\ny', 'x\ny', ['a', 'b'])).toBe('--- a\n+++ b\n');
  });

  it('keeps far-apart changes in separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[2] = 'first change';
    changed[25] = 'second change';
    const diff = unifiedDiff(lines.join('\n'), changed.join('\n'), ['a', 'b']);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('-line 2\n+first change');
    expect(diff).toContain('-line 25\n+second change');
  });
});
