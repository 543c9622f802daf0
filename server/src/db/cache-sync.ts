import pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './connect.js';

const RECONNECT_MS = 2_000;

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
 * configuration holds on every instance within a round trip. After a lost connection every cache is cleared (a notice
 * may have been missed) and listening resumes. SQLite has one process: nothing to do.
 */
export function startCacheSync(
  handle: DatabaseHandle,
  caches: Readonly<Record<string, SyncedCache>>,
  logger: Logger,
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

  for (const [channel, cache] of Object.entries(caches)) {
    cache.onInvalidate(() => {
      sql`select pg_notify(${channel}, ${String(process.pid)})`
        .execute(handle.db)
        .catch((error) => logger.warn({ err: error, channel }, 'could not tell other controllers about a change'));
    });
  }

  const connect = async () => {
    const fresh = new pg.Client(config);
    fresh.on('notification', (notice) => caches[notice.channel]?.clearLocal());
    fresh.on('error', (error) => {
      logger.warn({ err: error }, 'change listener lost its connection; reconnecting');
      void fresh.end().catch(() => undefined);
      if (client === fresh) client = undefined;
      clearAll();
      if (!stopped) timer = setTimeout(() => void connect(), RECONNECT_MS);
    });
    try {
      await fresh.connect();
      for (const channel of Object.keys(caches)) await fresh.query(`listen ${channel}`);
      client = fresh;
      clearAll();
      listening();
    } catch (error) {
      logger.warn({ err: error }, 'change listener could not connect; retrying');
      void fresh.end().catch(() => undefined);
      if (!stopped) timer = setTimeout(() => void connect(), RECONNECT_MS);
    }
  };
  void connect();

  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}
