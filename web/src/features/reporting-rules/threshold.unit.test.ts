import { describe, expect, it } from 'vitest';
import { beatsThresholdInWords, heartbeatsInWords } from './threshold';

describe('Silent and Degrading thresholds in words', () => {
  it('counts heartbeats in the singular for one', () => {
    expect(heartbeatsInWords(1)).toBe('1 heartbeat');
    expect(heartbeatsInWords(3)).toBe('3 heartbeats');
  });

  it('0 turns a flag off: "Never"', () => {
    expect(beatsThresholdInWords(0)).toBe('Never');
    expect(beatsThresholdInWords(5)).toBe('After 5 heartbeats');
  });
});
