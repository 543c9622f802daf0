import { createHmac, randomBytes } from 'node:crypto';

/** RFC 6238 time-based one-time passwords, as every authenticator app computes them by default. */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the step before and after now are accepted too: phone clocks drift and people type slowly. */
const WINDOW_STEPS = 1;

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new seed: 20 random bytes, the size RFC 4226 recommends for HMAC-SHA1. */
export function newTotpSeed(): Buffer {
  return randomBytes(20);
}

/** RFC 4648 base32 without padding: how authenticator apps take a seed typed by hand or read from a QR code. */
export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** The time step a moment falls in (RFC 6238 T). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

/** The code of one step (RFC 6238 §4, with RFC 4226 §5.3's dynamic truncation). */
export function totpCode(seed: Buffer, step: number, digits = TOTP_DIGITS, algorithm: TotpAlgorithm = 'sha1'): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac(algorithm, seed).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * The step whose code `code` is, within the window around now; undefined when it is none of them. The caller
 * refuses a step it has accepted before (a replay).
 */
export function matchTotp(seed: Buffer, code: string, nowMs: number): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const now = totpStep(nowMs);
  let matched: number | undefined;
  // Every candidate is computed, so the time taken does not tell which one matched.
  for (let step = now - WINDOW_STEPS; step <= now + WINDOW_STEPS; step++) {
    if (totpCode(seed, step) === code && matched === undefined) matched = step;
  }
  return matched;
}

/** The `otpauth://` URI authenticator apps read from the enrolment QR code (the Key Uri Format). */
export function otpauthUri(seed: Buffer, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: base32(seed),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
