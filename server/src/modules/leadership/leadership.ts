import pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';

/** The controller that holds leadership runs the cluster-wide jobs (status scheduler, bootstrap token). */
export interface Leadership {
  isLeader(): boolean;
  stop(): Promise<void>;
}

const LOCK_KEY = 0x7e1e_9af; // one constant per product: "telegraf-controller leader"
const RETRY_MS = 5_000;

/**
 * SQLite: the process is the only node, so it leads. PostgreSQL: leader = holder of a session-level advisory lock
 * on a dedicated connection; a standby retries every few seconds, and a lost connection gives leadership up.
 */
export function startLeadership(handle: DatabaseHandle, logger: Logger): Leadership {
  if (handle.engine === 'sqlite' || handle.pgConfig === undefined) {
    return { isLeader: () => true, stop: async () => undefined };
  }
  const config = handle.pgConfig;
  let leader = false;
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void attempt(), RETRY_MS);
  };
  const attempt = async () => {
    try {
      if (client === undefined) {
        const fresh = new pg.Client(config);
        fresh.on('error', (error) => {
          if (leader) logger.warn({ err: error }, 'lost the leader lock connection; leadership given up');
          leader = false;
          client = undefined;
          void fresh.end().catch(() => undefined);
        });
        await fresh.connect();
        client = fresh;
      }
      const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [LOCK_KEY]);
      if (result.rows[0]?.locked && !leader) logger.info('this controller is now the leader');
      leader = result.rows[0]?.locked === true;
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
    isLeader: () => leader,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      leader = false;
      // Ending the session releases the advisory lock at once, so a standby can take over quickly.
      await client?.end().catch(() => undefined);
    },
  };
}
