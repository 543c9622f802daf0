import { describe, expect, it } from 'vitest';
import { openState, sealState, STATE_MAX_AGE_SECONDS } from './oidc-state.js';

const PENDING = { state: 'st', nonce: 'no', verifier: 've' };

describe('the sealed OIDC state cookie', () => {
  it('opens what it sealed, within ten minutes, with the same secret only', () => {
    const now = Date.now();
    const sealed = sealState('secret', PENDING, now);
    expect(openState('secret', sealed, now + 1000)).toEqual(PENDING);
    expect(openState('other', sealed, now)).toBeUndefined();
    expect(openState('secret', sealed, now + STATE_MAX_AGE_SECONDS * 1000 + 1)).toBeUndefined();
  });

  it('refuses a changed body, a changed signature, and anything that is not a sealed state', () => {
    const sealed = sealState('secret', PENDING);
    const [body, mac] = sealed.split('.') as [string, string];
    const changed = Buffer.from(JSON.stringify({ ...PENDING, state: 'evil', at: Date.now() })).toString('base64url');
    for (const value of [
      `${changed}.${mac}`,
      `${body}.${mac.slice(1)}x`,
      '',
      '.',
      'a.b.c',
      undefined,
      'x'.repeat(5000),
    ]) {
      expect(openState('secret', value)).toBeUndefined();
    }
  });
});
