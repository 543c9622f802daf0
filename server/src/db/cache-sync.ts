import pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './connect.js';

const RECONNECT_MS = 2_000;
/** A LISTEN connection that went silent (a half-open socket) is found by TCP keep-alive after about this long. */
const KEEP_ALIVE_DELAY_MS = 10_000;

/** A cache of database reads that every controller keeps in memory. */
export interface SyncedCache {
  /** Runs `listener` after each change made on this controller, to pass the news on. */
  onInvalidate(listener: () => void): void;
  /** Forgets everything because of a change made elsewhere (or one that may have been missed). */
  clearLocal(): void;
}

export interface CacheSync {
  /** Settles once the first LISTEN is in place. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Several controllers on one PostgreSQL database: a change on one clears the same cache on all, through
 * LISTEN/NOTIFY on the channel named for it (`caches`: channel → cache), so a revoked token or an edited
 * configuration holds on every instance within a round trip. After a lost connection listening resumes, and then every
 * cache is cleared (a notice may have been missed meanwhile). Each notice also bumps the channel's row in
 * `cache_versions`, in the same statement; with `pollIntervalMs` (a cluster, `HA_POLL_INTERVAL_MS`) every node reads
 * the rows that often and clears a cache whose version moved, so a notice lost on a connection that looks alive
 * costs one interval at most (ADR 22). SQLite has one process: nothing to do.
 */
export function startCacheSync(
  handle: DatabaseHandle,
  caches: Readonly<Record<string, SyncedCache>>,
  logger: Logger,
  { pollIntervalMs }: { pollIntervalMs?: number } = {},
): CacheSync {
  if (handle.engine !== 'postgres' || handle.pgConfig === undefined) {
    return { ready: Promise.resolve(), stop: async () => undefined };
  }
  const clearAll = () => Object.values(caches).forEach((cache) => cache.clearLocal());
  const config = handle.pgConfig;
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const pending = new Set<string>();

  // A notice that could not be sent is sent again until it goes: a revoked token must not keep working elsewhere.
  let retrying: NodeJS.Timeout | undefined;
  const notify = (channel: string) => {
    pending.delete(channel);
    sql`with bumped as (
          insert into cache_versions (channel, version) values (${channel}, 1)
          on conflict (channel) do update set version = cache_versions.version + 1
          returning version
        )
        select pg_notify(${channel}, (select version::text from bumped))`
      .execute(handle.db)
      .catch((error) => {
        logger.warn({ err: error, channel }, 'could not tell other controllers about a change; retrying');
        pending.add(channel);
        if (retrying === undefined && !stopped) {
          retrying = setTimeout(() => {
            retrying = undefined;
            for (const waiting of [...pending]) notify(waiting);
          }, RECONNECT_MS);
        }
      });
  };
  for (const [channel, cache] of Object.entries(caches)) cache.onInvalidate(() => notify(channel));

  /** One client at a time: the one connecting or listening. A lost one schedules the next once. */
  const connect = async () => {
    const fresh = new pg.Client({ ...config, keepAlive: true, keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS });
    client = fresh;
    let lost = false;
    const reconnect = (error: unknown, message: string) => {
      if (lost) return;
      lost = true;
      void fresh.end().catch(() => undefined);
      if (stopped) return;
      logger.warn({ err: error }, message);
      // What is cached keeps serving until listening resumes (then everything is cleared, below): an outage of the
      // database must not turn away agents whose tokens are already known; their heartbeats wait in the buffer.
      timer = setTimeout(() => void connect(), RECONNECT_MS);
    };
    // A listener's failure is logged here: a notice handler must never throw out of the client's event loop.
    fresh.on('notification', (notice) => {
      try {
        caches[notice.channel]?.clearLocal();
      } catch (error) {
        logger.error({ err: error, channel: notice.channel }, 'clearing a cache on a notice failed');
      }
    });
    fresh.on('error', (error) => reconnect(error, 'change listener lost its connection; reconnecting'));
    try {
      await fresh.connect();
      for (const channel of Object.keys(caches)) await fresh.query(`listen ${channel}`);
    } catch (error) {
      reconnect(error, 'change listener could not connect; retrying');
      return;
    }
    if (stopped || lost) return;
    clearAll();
    listening();
  };
  void connect();

  // The versions seen at the last poll (none before the first); a channel without a row has never changed.
  let seen: Map<string, string> | undefined;
  let polling: NodeJS.Timeout | undefined;
  const poll = async () => {
    try {
      const rows = await handle.db.selectFrom('cacheVersions').select(['channel', 'version']).execute();
      const now = new Map(rows.map(({ channel, version }) => [channel, String(version)]));
      if (seen !== undefined) {
        for (const [channel, version] of now) if (seen.get(channel) !== version) caches[channel]?.clearLocal();
      }
      seen = now;
    } catch (error) {
      logger.warn({ err: error }, 'could not read the cache versions; trying again at the next interval');
    }
    if (!stopped) polling = setTimeout(() => void poll(), pollIntervalMs);
  };
  if (pollIntervalMs !== undefined) void poll();

  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(polling);
      clearTimeout(retrying);
      await client?.end().catch(() => undefined);
    },
  };
}
