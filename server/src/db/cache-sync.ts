import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './connect.js';
import { endClient } from './end-client.js';

const RECONNECT_MS = 2_000;
/** A LISTEN connection that went silent (a half-open socket) is found by TCP keep-alive after about this long. */
const KEEP_ALIVE_DELAY_MS = 10_000;

/** What each channel's notice clears: the cache of database reads that the channel's tables feed. */
export type SyncedCaches = Readonly<Record<string, () => void>>;

/** How often each channel's cache was cleared because of another node's change, and how it was found out. */
export type CacheClears = Readonly<Record<string, { notice: number; poll: number }>>;

export interface CacheSync {
  /** Settles once the first LISTEN is in place (and, when polling, the first poll has read the versions). */
  ready: Promise<void>;
  /**
   * Clears since start, by channel: `poll` counts changes a poll found before their notice came (lost, or slower
   * than the poll: a steady rise means lost notices), for /metrics.
   */
  clears(): CacheClears;
  stop(): Promise<void>;
}

/**
 * Several controllers on one PostgreSQL database: a change on one clears the same cache on all. Triggers (migration
 * 0012) bump the channel's row in `cache_versions` and send `NOTIFY` on it inside the writing transaction, so a
 * change cannot commit unannounced, even when its node dies right after. Each node `LISTEN`s on every channel (a
 * round trip); after a lost connection listening resumes, and then every cache is cleared (a notice may have been
 * missed meanwhile). With `pollIntervalMs` (a cluster, `HA_POLL_INTERVAL_MS`) every node also reads the versions that
 * often and clears a cache whose version moved, so a notice lost on a connection that looks alive costs one interval
 * at most (ADR 22). The node's own changes clear its caches where they are made. SQLite has one process: nothing to do.
 */
export function startCacheSync(
  handle: DatabaseHandle,
  caches: SyncedCaches,
  logger: Logger,
  /** `node` names the LISTEN connection (`application_name`), so it can be told apart in `pg_stat_activity`. */
  { pollIntervalMs, node = 'telegraf-controller' }: { pollIntervalMs?: number; node?: string } = {},
): CacheSync {
  const counts = Object.fromEntries(Object.keys(caches).map((channel) => [channel, { notice: 0, poll: 0 }]));
  if (handle.engine !== 'postgres' || handle.pgConfig === undefined) {
    return { ready: Promise.resolve(), clears: () => counts, stop: async () => undefined };
  }
  const clear = (channel: string, via: 'notice' | 'poll') => {
    const cache = caches[channel];
    if (cache === undefined) return;
    counts[channel]![via] += 1;
    try {
      cache();
    } catch (error) {
      // A listener's failure is logged here: a notice handler must never throw out of the client's event loop.
      logger.error({ err: error, channel }, 'clearing a cache failed');
    }
  };
  const clearAll = () => Object.values(caches).forEach((cache) => cache());
  const config = handle.pgConfig;
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let listening: () => void = () => undefined;
  let firstPoll: () => void = () => undefined;
  const ready = Promise.all([
    new Promise<void>((resolve) => (listening = resolve)),
    pollIntervalMs === undefined ? undefined : new Promise<void>((resolve) => (firstPoll = resolve)),
  ]).then(() => undefined);
  // The latest version each channel is known to have reached, from its notices and polls: a poll clears only for a
  // version no notice has brought yet.
  const known = new Map<string, number>();
  let polled = false;
  const reached = (channel: string, version: number) => {
    const before = known.get(channel);
    if (before !== undefined && before >= version) return false;
    known.set(channel, version);
    return before !== undefined || polled;
  };

  /** One client at a time: the one connecting or listening. A lost one schedules the next once. */
  const connect = async () => {
    const fresh = new pg.Client({
      ...config,
      application_name: `${node} listener`,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
    });
    client = fresh;
    let lost = false;
    const reconnect = (error: unknown, message: string) => {
      if (lost) return;
      lost = true;
      void endClient(fresh);
      if (stopped) return;
      logger.warn({ err: error }, message);
      // What is cached keeps serving until listening resumes (then everything is cleared, below): an outage of the
      // database must not turn away agents whose tokens are already known; their heartbeats wait in the buffer.
      timer = setTimeout(() => void connect(), RECONNECT_MS);
    };
    fresh.on('notification', ({ channel, payload }) => {
      reached(channel, Number(payload));
      clear(channel, 'notice');
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

  // The first poll only learns where each channel stands; a channel without a row has never changed.
  let polling: NodeJS.Timeout | undefined;
  const poll = async () => {
    try {
      const rows = await handle.db.selectFrom('cacheVersions').select(['channel', 'version']).execute();
      for (const { channel, version } of rows) if (reached(channel, Number(version))) clear(channel, 'poll');
      polled = true;
      firstPoll();
    } catch (error) {
      logger.warn({ err: error }, 'could not read the cache versions; trying again at the next interval');
    }
    if (!stopped) polling = setTimeout(() => void poll(), pollIntervalMs);
  };
  if (pollIntervalMs !== undefined) void poll();

  return {
    ready,
    clears: () => counts,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(polling);
      if (client !== undefined) await endClient(client);
    },
  };
}
