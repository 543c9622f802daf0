import { describe, expect, it } from 'vitest';
import { createSecretBox } from './sealed-secret.js';

describe('sealed secrets', () => {
  const box = createSecretBox('a'.repeat(40), 'second factor');

  it('opens what it sealed, and seals the same text differently each time', () => {
    const one = box.seal('JBSWY3DPEHPK3PXP');
    const two = box.seal('JBSWY3DPEHPK3PXP');
    expect(one).not.toBe(two);
    expect(one).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(one)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.open(two)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('cannot open with another session secret or for another purpose', () => {
    const sealed = box.seal('seed');
    expect(createSecretBox('b'.repeat(40), 'second factor').open(sealed)).toBeUndefined();
    expect(createSecretBox('a'.repeat(40), 'something else').open(sealed)).toBeUndefined();
  });

  it('refuses altered or malformed text instead of throwing', () => {
    const sealed = box.seal('seed');
    const [version, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0]! ^= 1;
    for (const bad of [
      `${version}.${iv}.${flipped.toString('base64url')}`,
      `v2.${iv}.${body}`,
      `${version}.${iv}`,
      `${version}.${iv}.AAAA`,
      '',
      'v1..',
      'not sealed at all',
    ]) {
      expect(box.open(bad)).toBeUndefined();
    }
  });
});
