import pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import type { TokenCache } from './token-cache.js';

export const TOKEN_CHANNEL = 'tc_token_changes';
const RECONNECT_MS = 2_000;

export interface TokenCacheSync {
  /** Settles once the first LISTEN is in place. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Several controllers on one PostgreSQL database: a change on one clears the token cache of all, through
 * LISTEN/NOTIFY, so a revocation holds on every instance within a round trip. After a lost connection the cache
 * is cleared (a notice may have been missed) and listening resumes. SQLite has one process: nothing to do.
 */
export function startTokenCacheSync(handle: DatabaseHandle, cache: TokenCache, logger: Logger): TokenCacheSync {
  if (handle.engine !== 'postgres' || handle.pgConfig === undefined) {
    return { ready: Promise.resolve(), stop: async () => undefined };
  }
  const config = handle.pgConfig;
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));

  cache.onInvalidate(() => {
    sql`select pg_notify(${TOKEN_CHANNEL}, ${String(process.pid)})`
      .execute(handle.db)
      .catch((error) => logger.warn({ err: error }, 'could not tell other controllers about a token change'));
  });

  const connect = async () => {
    const fresh = new pg.Client(config);
    fresh.on('notification', () => cache.clearLocal());
    fresh.on('error', (error) => {
      logger.warn({ err: error }, 'token change listener lost its connection; reconnecting');
      void fresh.end().catch(() => undefined);
      if (client === fresh) client = undefined;
      cache.clearLocal();
      if (!stopped) timer = setTimeout(() => void connect(), RECONNECT_MS);
    });
    try {
      await fresh.connect();
      await fresh.query(`listen ${TOKEN_CHANNEL}`);
      client = fresh;
      cache.clearLocal();
      listening();
    } catch (error) {
      logger.warn({ err: error }, 'token change listener could not connect; retrying');
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
