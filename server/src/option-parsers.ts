import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from './http/client-address.js';
import { safeBaseUrl } from './lib/urls.js';

/** How option values are read from text: each parser returns the value or throws `OptionError(rule)`. */

export class OptionError extends Error {}

export function port(fallback: number | undefined) {
  return (raw: string | undefined): number => {
    if (raw === undefined) {
      if (fallback === undefined) throw new OptionError('is required');
      return fallback;
    }
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 1 || value > 65535) {
      throw new OptionError(`must be a whole number from 1 to 65535 (got "${raw}")`);
    }
    return value;
  };
}

export function optionalPort(raw: string | undefined): number | undefined {
  return raw === undefined || raw === '' ? undefined : port(undefined)(raw);
}

export function text(maxLength: number) {
  return (raw: string | undefined): string | undefined => {
    if (raw === undefined || raw === '') return undefined;
    if (raw.length > maxLength) throw new OptionError(`must be at most ${maxLength} characters`);
    return raw;
  };
}

/** Only the literal `true` (any case), `1` or `yes` switch a feature on; anything else leaves it off. */
export function flag(raw: string | undefined): boolean {
  return raw !== undefined && ['true', '1', 'yes'].includes(raw.trim().toLowerCase());
}

export function wholeNumber(fallback: number, min: number, max: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new OptionError(`must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  };
}

export function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionError(`must be an absolute http:// or https:// URL (got "${raw}")`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) {
    throw new OptionError(`must be an absolute http:// or https:// URL (got "${raw}")`);
  }
  if (raw.endsWith('/')) throw new OptionError('must not end with a slash');
  if (raw.length > 2048) throw new OptionError('must be at most 2048 characters');
  const safe = safeBaseUrl(raw);
  if (safe === undefined) throw new OptionError(`must name a host, with no user, query or fragment (got "${raw}")`);
  return safe;
}

/** A whole number, or undefined when unset (an optional limit). */
export function optionalWholeNumber(min: number, max: number) {
  return (raw: string | undefined): number | undefined =>
    raw === undefined || raw.trim() === '' ? undefined : wholeNumber(0, min, max)(raw);
}

/**
 * `TRUST_PROXY`: unset or `false` trusts no proxy; a whole number trusts that many hops in front; otherwise a comma
 * list of addresses and CIDR ranges (`loopback`, `linklocal`, `uniquelocal` allowed).
 */
export function trustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value.toLowerCase() === 'false') return undefined;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) throw new OptionError(`must be a hop count from 1 to 10, or addresses (got "${raw}")`);
    return { hops };
  }
  const addresses = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  try {
    proxyAddr.compile(addresses);
  } catch {
    throw new OptionError(`must be a hop count or a comma list of IP addresses and CIDR ranges (got "${raw}")`);
  }
  return { addresses };
}

const HOST_NAME = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `ALLOWED_HOSTS`: a comma list of host names (`*.example.com` for every name under one), IPv4 or IPv6 addresses. */
export function hostList(raw: string | undefined): readonly string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const hosts = raw
    .split(',')
    .map((item) => item.trim().replace(/^\[(.*)\]$/, '$1'))
    .filter((item) => item !== '');
  for (const host of hosts) {
    if (!HOST_NAME.test(host) && !/^[0-9a-f:.]+$/i.test(host)) {
      throw new OptionError(`"${host}" is not a host name or address`);
    }
  }
  return hosts;
}
