import { setTimeout as sleep } from 'node:timers/promises';
import { TOTP_STEP_SECONDS, totpCode, totpStep } from '../src/modules/second-factor/totp.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An authenticator app, as tests play it: it takes the key enrolment shows (base32, spaces allowed). */
export function authenticator(key: string) {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of key.replace(/\s/g, '')) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const seed = Buffer.from(bytes);
  return {
    seed,
    /** The code it shows `offset` steps from now. */
    code: (offset = 0) => totpCode(seed, totpStep(Date.now()) + offset),
    /** A six-digit code that is not the one it shows now. */
    wrongCode: () => (totpCode(seed, totpStep(Date.now())) === '000000' ? '111111' : '000000'),
  };
}

/**
 * Waits, when the current TOTP step ends within `marginMs`, for the next one to begin. The controller accepts the
 * codes of one step either side of its own: a code a test computes one step off (to keep the current one unused)
 * would be two steps off if a step ended between computing it and the controller checking it.
 */
export async function clearOfTotpStepEdge(marginMs = 3_000): Promise<void> {
  const stepMs = TOTP_STEP_SECONDS * 1000;
  const left = stepMs - (Date.now() % stepMs);
  if (left < marginMs) await sleep(left + 50);
}
