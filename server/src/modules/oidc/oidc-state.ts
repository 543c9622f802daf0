import { equalInConstantTime, hmacBase64Url } from '../../lib/crypto.js';
import type { PendingSignIn } from './oidc-provider-client.js';

/** The cookie that carries one sign-in from its start to its callback: signed, HTTP-only, 10 minutes. */
export const STATE_COOKIE = 'tc_oidc';
export const STATE_MAX_AGE_SECONDS = 600;

/** Signs what a sign-in must remember, so the browser keeps it but cannot change it. */
export function sealState(secret: string, pending: PendingSignIn, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ ...pending, at: now })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** What `sealState` signed, when the signature holds and it is less than 10 minutes old. */
export function openState(secret: string, sealed: string | undefined, now = Date.now()): PendingSignIn | undefined {
  if (sealed === undefined || sealed.length > 4096) return undefined;
  const [body, mac] = sealed.split('.');
  if (body === undefined || mac === undefined) return undefined;
  if (!equalInConstantTime(mac, sign(secret, body))) return undefined;
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<
      PendingSignIn & { at: number }
    >;
    const { state, nonce, verifier, at } = value;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string') return undefined;
    if (typeof at !== 'number' || now - at > STATE_MAX_AGE_SECONDS * 1000 || at > now + 60_000) return undefined;
    return { state, nonce, verifier };
  } catch {
    return undefined;
  }
}

/** A key of its own (derived from the session secret), so a state value can never pass for a session cookie. */
function sign(secret: string, body: string): string {
  return hmacBase64Url(`oidc-state:${secret}`, body);
}
