import type { IncomingMessage } from 'node:http';
import { trustFunction, type TrustProxy } from './client-address.js';

/**
 * `ALLOWED_HOSTS`: the host names a request may address (exact, or `*.example.com` for any name under it), as the
 * `Host` header names it, or `X-Forwarded-Host` when the peer is a trusted proxy. A defence against DNS rebinding
 * and poisoned links built from the host; undefined (no list) lets every name through.
 */
export function createHostCheck(
  allowed: readonly string[] | undefined,
  trust: TrustProxy,
): ((request: IncomingMessage) => boolean) | undefined {
  if (allowed === undefined || allowed.length === 0) return undefined;
  const exact = new Set(allowed.filter((name) => !name.startsWith('*.')).map((name) => name.toLowerCase()));
  const suffixes = allowed.filter((name) => name.startsWith('*.')).map((name) => name.slice(1).toLowerCase());
  const trusted = trustFunction(trust);
  return (request) => {
    const forwarded = request.headers['x-forwarded-host'];
    const peer = request.socket.remoteAddress;
    const fromProxy = forwarded !== undefined && trusted !== undefined && peer !== undefined && trusted(peer, 0);
    const raw = fromProxy ? String(forwarded).split(',').at(-1)!.trim() : request.headers.host;
    if (raw === undefined) return false;
    const name = hostName(raw).toLowerCase();
    return exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  };
}

/** `host:port` or `[v6]:port` without the port (and without the brackets). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
