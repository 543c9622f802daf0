import { hash } from 'node:crypto';
import { redactQuerySecrets } from '../../lib/urls.js';

/**
 * Which version of a configuration this process last served at each TOML URL (path and query, as requested), so an
 * agent's link can say which version it loaded rather than which is current: an agent that does not watch its URL
 * keeps running what it loaded, and one that reloads shows the new version once it has fetched it (ADR 19).
 * Bounded; per process (an agent served by another controller of the same database shows the current version).
 */
export interface ConfigVersionRef {
  configId: string;
  version: number;
}

const LIMIT = 100_000;
const served = new Map<string, ConfigVersionRef>();

/**
 * The part of a URL this process was asked for: a source as an agent reports it carries scheme and host too, and
 * its credentials redacted as the heartbeat stores them, so the served URL is redacted alike.
 */
export function servedKey(url: string): string {
  return redactQuerySecrets(url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, ''));
}

/**
 * A short digest of `servedKey(url)`: what a fetch without an agent identity is stored under, and what each reported
 * source is linked with, so an agent is matched to what was served at its URL by any controller of the database.
 */
export function sourceDigest(url: string): string {
  return hash('sha256', servedKey(url), 'base64url').slice(0, 27);
}

export function recordServed(url: string, rendered: ConfigVersionRef): void {
  const key = servedKey(url);
  served.delete(key);
  served.set(key, rendered);
  if (served.size > LIMIT) served.delete(served.keys().next().value!);
}

/** The version of `configId` last served at this source's URL, if this process served it. */
export function servedVersion(source: string, configId: string): number | undefined {
  const found = served.get(servedKey(source));
  return found?.configId === configId ? found.version : undefined;
}

/** What was last served at a source's URL, as text that changes whenever that does ('' when nothing was). */
export function servedStamp(source: string): string {
  const found = served.get(servedKey(source));
  return found === undefined ? '' : `${found.configId}@${found.version}`;
}
