import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/**
 * Which proxies in front of the controller are believed (`TRUST_PROXY`): none, the nearest `hops` of them, or those
 * at the listed addresses and CIDR ranges (`loopback`, `linklocal` and `uniquelocal` name the usual ones).
 */
export type TrustProxy = { hops: number } | { addresses: readonly string[] } | undefined;

export type TrustFunction = (address: string, hop: number) => boolean;

/** The function Fastify (`trustProxy`) and `clientAddress` both decide with; undefined when no proxy is trusted. */
export function trustFunction(trust: TrustProxy): TrustFunction | undefined {
  if (trust === undefined) return undefined;
  if ('hops' in trust) {
    const { hops } = trust;
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile([...trust.addresses]);
}

/**
 * The client's address, decided as Fastify decides `request.ip`: the peer, or the nearest address in
 * `X-Forwarded-For` that a trusted proxy vouches for.
 */
export function createClientAddress(trust: TrustProxy): (request: IncomingMessage) => string | null {
  const trusted = trustFunction(trust);
  return (request) => {
    // A socket that has already closed has no address, and proxyAddr cannot judge one.
    if (request.socket.remoteAddress === undefined) return null;
    return trusted === undefined ? request.socket.remoteAddress : proxyAddr(request, trusted) || null;
  };
}

/** An address as people write it: an IPv4 client of a dual-stack socket without its `::ffff:` prefix. */
export function plainAddress(address: string | null): string | null {
  return address?.replace(/^::ffff:(?=\d+\.)/, '') ?? null;
}
