import { describe, expect, it } from 'vitest';
import { FLAG_OPTIONS, flagReason, isOfferedFlag, lastHeartbeatsInWords, raisedFlags } from './agent-flags';

describe('the Silent and Degrading flags in words', () => {
  it('lists the flags an agent raised, Silent first, and none when both are null', () => {
    const silent = { beats: 4, after: 3 };
    const degrading = { beats: 3, after: 3 };
    expect(raisedFlags({ silent, degrading })).toEqual([
      { flag: 'silent', count: silent },
      { flag: 'degrading', count: degrading },
    ]);
    expect(raisedFlags({ silent: null, degrading })).toEqual([{ flag: 'degrading', count: degrading }]);
    expect(raisedFlags({ silent: null, degrading: null })).toEqual([]);
  });

  it('only the flags the list offers are read from a select or a URL', () => {
    expect(isOfferedFlag('silent')).toBe(true);
    expect(isOfferedFlag('degrading')).toBe(true);
    expect(isOfferedFlag('outdated')).toBe(true);
    expect(isOfferedFlag('incompatible')).toBe(true);
    expect(isOfferedFlag('duplicate')).toBe(false);
    expect(isOfferedFlag(null)).toBe(false);
  });

  it('the Flag filter offers Silent, Degrading, Outdated and Incompatible, in that order', () => {
    expect(FLAG_OPTIONS.map((option) => option.label)).toEqual(['Silent', 'Degrading', 'Outdated', 'Incompatible']);
  });

  it('counts one heartbeat without "in a row"', () => {
    expect(lastHeartbeatsInWords(1)).toBe('its last heartbeat');
    expect(lastHeartbeatsInWords(4)).toBe('its last 4 heartbeats in a row');
  });

  it("a badge's reason names the heartbeats seen and the rule's threshold", () => {
    expect(flagReason('silent', { beats: 4, after: 3 })).toBe(
      'No metric routed in its last 4 heartbeats in a row while reporting OK; its reporting rule flags it after 3 heartbeats.',
    );
    expect(flagReason('degrading', { beats: 1, after: 1 })).toBe(
      'Errors rose in its last heartbeat; its reporting rule flags it after 1 heartbeat.',
    );
  });
});
