import { lookup as lookupCallback, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** The problem of a host name that does not resolve (now: it may later). */
export const UNRESOLVED = 'has a host name that does not resolve';

/** Addresses a webhook may not reach unless allowed: this host, link-local, private and reserved ranges. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is loopback, link-local, private or reserved (an IPv4-mapped IPv6 one is judged as IPv4). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped !== null) return INTERNAL.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a webhook may not be sent to `raw`, or undefined when it may: it must be an http(s) URL without credentials,
 * and (unless `allowInternal`) every address its host resolves to must be public, so neither a subscription nor its
 * test button reaches into the controller's own network (no SSRF). Checked when it is saved and before each send.
 */
export async function destinationProblem(raw: string, allowInternal: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '') return 'must not carry a user or password';
  if (allowInternal) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return UNRESOLVED;
  }
  if (addresses.length === 0 || addresses.some(isInternalAddress)) {
    return 'must not point at a loopback, link-local or private address (the option --webhook-allow-private allows it)';
  }
  return undefined;
}

/** The code of the error a connection fails with when its host resolves to an internal address (see below). */
export const INTERNAL_ADDRESS = 'EINTERNALADDRESS';

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for sockets that refuses to connect when the host resolves to any loopback, link-local, private or
 * reserved address: the address checked is the one connected to, so a name that resolved to a public address when
 * `destinationProblem` checked it and to an internal one now (DNS rebinding) fails with `INTERNAL_ADDRESS`.
 * (Sockets to an IP literal make no lookup: `destinationProblem` judges those.)
 */
export function publicAddressLookup(resolve: Resolve = lookupCallback): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '');
      if (addresses.length === 0 || addresses.some((entry) => isInternalAddress(entry.address))) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to an internal address`);
        refused.code = INTERNAL_ADDRESS;
        return callback(refused, '');
      }
      if (options.all === true) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
