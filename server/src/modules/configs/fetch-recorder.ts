import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import { isStorable } from '../../lib/text.js';
import { MAX_ID_LENGTH } from '../heartbeats/heartbeat-message.js';
import {
  alignLinks,
  deleteFetchesBefore,
  updateChecks,
  upsertFetches,
  type CheckWrite,
  type FetchWrite,
} from './config-fetches.repo.js';
import type { ServedToml } from './render-cache.js';
import { sourceDigest } from './served-versions.js';
import { DEFAULT_IDENTITY_PARAMETER } from './toml/identity-parameter.js';

/** Agents' URLs are short: a longer one is served but not recorded (as the early path does not remember it). */
const MAX_URL_LENGTH = 2048;
const DAY_MS = 86_400_000;

export interface FetchRecorderOptions {
  /** How often what was served is written (the option `--fetch-record-interval`). */
  intervalMs: number;
  /** URLs waiting at most; more within one window are not recorded (and counted). */
  maxPending?: number;
  /** Fetch records nobody asked about for this long are deleted. */
  retentionDays?: number;
  /** Called after a write that recorded loads (what agents run may have moved: fleet counts are stale). */
  onLoadsRecorded?: () => void;
}

export interface FetchRecorder {
  /**
   * Notes that `served` was answered at `url` (path and query, as requested) to a GET or HEAD: a map write, nothing
   * else, on the request path (the address is read once per URL and window). A GET is a load; a HEAD is a watching
   * agent's poll, which only tells how often it asks.
   */
  record(
    url: string,
    method: 'GET' | 'HEAD',
    served: ServedToml,
    tokenId: string | null,
    ip: () => string | null,
  ): void;
  /** Writes what is waiting now. */
  flush(): Promise<void>;
  /** Requests not recorded because too many URLs were waiting, since start. */
  dropped(): number;
  /** True while writes succeed (or nothing had to be written). */
  healthy(): boolean;
  /** Stops the timer and writes what is waiting. */
  stop(): Promise<void>;
}

interface Waiting {
  /** What the last GET in the window served (none: only HEADs came). */
  loaded: ServedToml | undefined;
  /** What the last request served, GET or HEAD. */
  served: ServedToml;
  tokenId: string | null;
  ip: string | null;
  fetchedAt: number | undefined;
  checkedAt: number;
  /** Between the last two requests, when both fell in this window. */
  intervalMs: number | null;
}

/**
 * What was served to whom (issue 20 item 2, ADR 26), off the request path: requests are coalesced per URL in memory
 * and written every interval as one statement per kind, keeping the latest fetch per configuration and agent. The
 * agent is the value of the configuration's identity parameter in the query; a URL without one is kept under a
 * digest of the URL, which a heartbeat's reported source is matched with. A URL carrying parameters the template
 * does not use (besides the identity) is answered but not recorded, so made-up parameters cannot fill the table.
 */
export function createFetchRecorder(
  database: DatabaseHandle,
  logger: Logger,
  { intervalMs, maxPending = 100_000, retentionDays = 90, onLoadsRecorded = () => undefined }: FetchRecorderOptions,
): FetchRecorder {
  const { db, engine } = database;
  let waiting = new Map<string, Waiting>();
  let running: Promise<void> | undefined;
  let failing = false;
  let droppedCount = 0;
  let retainedAt = 0;

  const write = async (batch: Map<string, Waiting>) => {
    const fetches = new Map<string, FetchWrite>();
    const checks = new Map<string, CheckWrite>();
    for (const [url, entry] of batch) {
      const identity = identityOf(url, entry.served);
      if (identity === undefined) continue;
      const digest = sourceDigest(url);
      const fetchKey = identity ?? `#${digest}`;
      // Many agents may share a URL without an identity: the time between two of their requests is no agent's interval.
      const intervalMs = identity === null ? null : entry.intervalMs;
      const checkedAt = new Date(entry.checkedAt).toISOString();
      if (entry.loaded !== undefined) {
        for (const { configId, version } of entry.loaded.fetch.versions) {
          fetches.set(`${configId} ${fetchKey}`, {
            configId,
            fetchKey,
            agentId: identity,
            groupId: entry.loaded.fetch.groupId,
            version,
            sourceDigest: digest,
            tokenId: entry.tokenId,
            ip: entry.ip,
            fetchedAt: new Date(entry.fetchedAt!).toISOString(),
            checkedAt,
            intervalMs,
          });
        }
      }
      for (const { configId } of entry.served.fetch.versions) {
        const key = `${configId} ${fetchKey}`;
        if (!fetches.has(key)) checks.set(key, { configId, fetchKey, checkedAt, intervalMs });
      }
    }
    const loads = [...fetches.values()];
    const statements = [
      upsertFetches(db, engine, loads),
      alignLinks(db, engine, loads),
      updateChecks(db, engine, [...checks.values()]),
    ];
    await database.write(statements.filter((statement) => statement !== undefined));
    if (fetches.size > 0) onLoadsRecorded();
    if (Date.now() - retainedAt > DAY_MS / 24) {
      retainedAt = Date.now();
      await deleteFetchesBefore(db, new Date(Date.now() - retentionDays * DAY_MS).toISOString());
    }
  };

  const flush = (): Promise<void> => {
    if (running) return running.then(() => (waiting.size > 0 ? flush() : undefined));
    if (waiting.size === 0) return Promise.resolve();
    const batch = waiting;
    waiting = new Map();
    running = write(batch)
      .then(() => {
        if (failing) logger.info('configuration fetches are recorded again');
        failing = false;
      })
      .catch((error: unknown) => {
        // What was served is a record, not an acknowledged write: a batch the database refused is not retried.
        if (!failing) logger.error({ err: error, urls: batch.size }, 'configuration fetches could not be recorded');
        failing = true;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!running && waiting.size > 0) void flush();
  }, intervalMs);
  timer.unref();

  return {
    record(url, method, served, tokenId, ip) {
      if (url.length > MAX_URL_LENGTH) return;
      const at = Date.now();
      const entry = waiting.get(url);
      if (entry === undefined) {
        if (waiting.size >= maxPending) {
          droppedCount += 1;
          return;
        }
        const loaded = method === 'GET' ? served : undefined;
        const address = ip();
        waiting.set(url, {
          loaded,
          served,
          tokenId,
          ip: address,
          fetchedAt: loaded && at,
          checkedAt: at,
          intervalMs: null,
        });
        return;
      }
      if (at > entry.checkedAt) entry.intervalMs = at - entry.checkedAt;
      entry.checkedAt = at;
      entry.served = served;
      entry.tokenId = tokenId;
      if (method === 'GET') {
        entry.loaded = served;
        entry.fetchedAt = at;
      }
    },
    flush,
    dropped: () => droppedCount,
    healthy: () => !failing,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}

/**
 * The agent a URL names (ADR 26): the first value of the identity parameter, when it is a usable id; null when the
 * URL carries none; undefined when the URL is not to be recorded (a parameter the template does not use).
 */
function identityOf(url: string, served: ServedToml): string | null | undefined {
  const queryAt = url.indexOf('?');
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  const identity = served.fetch.identity ?? DEFAULT_IDENTITY_PARAMETER;
  for (const name of query.keys()) if (name !== identity && !served.parameters.has(name)) return undefined;
  return agentNamed(query.get(identity));
}

/** The agent a value of the identity parameter names (ADR 26); null when it names none. */
export function agentNamed(value: string | null | undefined): string | null {
  // An identity starting with `#` could pose as the key of a URL without one: it names no agent.
  if (value === null || value === undefined || value === '' || value.startsWith('#')) return null;
  if (value.length > MAX_ID_LENGTH || !isStorable(value)) return null;
  return value;
}
