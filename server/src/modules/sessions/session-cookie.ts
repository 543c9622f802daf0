import type { FastifyReply, FastifyRequest } from 'fastify';
import { equalInConstantTime, hmacBase64Url } from '../../lib/crypto.js';

export const SESSION_COOKIE = 'tc_session';

/** The cookie holds `<token>.<HMAC(secret, token)>`: a forged or stale-secret cookie fails before any lookup. */
export function signSessionToken(secret: string, token: string): string {
  return `${token}.${hmacBase64Url(secret, token)}`;
}

export function verifySessionCookie(secret: string, value: string): string | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const token = value.slice(0, dot);
  return equalInConstantTime(value.slice(dot + 1), hmacBase64Url(secret, token)) ? token : undefined;
}

/** The cookie's value, or undefined when it is absent or not percent-encoded text (a malformed cookie is none). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * `Secure` whenever the browser reached the controller over HTTPS: TLS here, or a TLS-terminating proxy that
 * `TRUST_PROXY` believes (`X-Forwarded-Proto: https`).
 */
export function setSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  const secure = reply.request.protocol === 'https';
  const flags = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])];
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(value)}; ${flags.join('; ')}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  setSessionCookie(reply, '', 0);
}
