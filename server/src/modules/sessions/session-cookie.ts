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

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number, secure: boolean): void {
  const flags = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])];
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(value)}; ${flags.join('; ')}`);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  setSessionCookie(reply, '', 0, secure);
}
