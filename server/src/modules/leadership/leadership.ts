import { hostname } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import { endClient } from '../../db/end-client.js';

/** The controller that holds leadership runs the cluster-wide jobs (status scheduler, bootstrap token). */
export interface Leadership {
  /** This node's name in a cluster: host name and process id. */
  readonly node: string;
  isLeader(): boolean;
  /** The name of the node that holds the leader lock now, or null when none does (asks the database). */
  leader(): Promise<string | null>;
  stop(): Promise<void>;
}

const LOCK_KEY = 0x7e1e_9af; // one constant per product: "telegraf-controller leader"
/** The lock's connection carries the holder's name, so any node can say who leads. */
const APPLICATION_PREFIX = 'telegraf-controller leader ';
/** A lock held over a half-open connection is found dead by TCP keep-alive after about this long. */
const KEEP_ALIVE_DELAY_MS = 10_000;

/**
 * SQLite: the process is the only node, so it leads. PostgreSQL: leader = holder of a session-level advisory lock
 * on a dedicated connection; a standby retries every `retryMs`, and a lost connection gives leadership up. Stopping
 * ends the lock's session, which hands leadership over at once.
 */
export function startLeadership(handle: DatabaseHandle, logger: Logger, { retryMs }: { retryMs: number }): Leadership {
  const node = `${hostname()}:${process.pid}`.slice(0, 63 - APPLICATION_PREFIX.length);
  if (handle.engine === 'sqlite' || handle.pgConfig === undefined) {
    return { node, isLeader: () => true, leader: async () => node, stop: async () => undefined };
  }
  const config = {
    ...handle.pgConfig,
    application_name: `${APPLICATION_PREFIX}${node}`,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
  };
  let leader = false;
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
  };
  const attempt = async () => {
    try {
      if (client === undefined) {
        const fresh = new pg.Client(config);
        fresh.on('error', (error) => {
          if (leader) logger.warn({ err: error }, 'lost the leader lock connection; leadership given up');
          leader = false;
          client = undefined;
          void endClient(fresh);
          // A leader that lost its connection competes again like any standby.
          if (timer === undefined) schedule();
        });
        await fresh.connect();
        client = fresh;
      }
      const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [LOCK_KEY]);
      if (result.rows[0]?.locked && !leader) logger.info({ node }, 'this controller is now the leader');
      leader = result.rows[0]?.locked === true;
      timer = undefined;
      if (!leader) schedule();
    } catch (error) {
      logger.warn({ err: error }, 'leader election attempt failed; retrying');
      leader = false;
      client = undefined;
      schedule();
    }
  };
  void attempt();

  return {
    node,
    isLeader: () => leader,
    async leader() {
      const { rows } = await sql<{ name: string }>`
        select a.application_name as name
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = ${LOCK_KEY}
          and a.application_name like ${`${APPLICATION_PREFIX}%`}
      `.execute(handle.db);
      return rows[0] === undefined ? null : rows[0].name.slice(APPLICATION_PREFIX.length);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      leader = false;
      // Ending the session releases the advisory lock at once, so a standby can take over quickly.
      if (client !== undefined) await endClient(client);
    },
  };
}
