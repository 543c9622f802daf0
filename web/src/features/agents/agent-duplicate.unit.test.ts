import { describe, expect, it } from 'vitest';
import { formatDuplicateHosts, formatSwitchCount } from './agent-duplicate';

describe('the duplicate id flag in words', () => {
  it('names the hostname changed back to first, then the one changed from', () => {
    expect(formatDuplicateHosts(['web-a', 'web-b'])).toBe('web-a and web-b');
  });

  it('a hostname the server did not send is named in words, never left blank', () => {
    expect(formatDuplicateHosts(['web-a'])).toBe('web-a and another');
    expect(formatDuplicateHosts([])).toBe('one machine and another');
  });

  it('counts switches in the singular for one', () => {
    expect(formatSwitchCount(1)).toBe('1 switch');
    expect(formatSwitchCount(3)).toBe('3 switches');
  });
});
