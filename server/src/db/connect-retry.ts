import type { Logger } from 'pino';
import type { Options } from '../options.js';
import { connectDatabase, type DatabaseHandle } from './connect.js';
import { isDatabaseUnavailable } from './unavailable.js';

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/**
 * Connects to the database, waiting while it cannot be reached (PostgreSQL down, network not up yet): tries again
 * after 1 s, doubling to 30 s, and meanwhile `whileWaiting` runs once (the API port answers live, not ready). A
 * database that answers and refuses (wrong password, no such database) fails at once: waiting would not help.
 */
export async function connectWhenReachable(
  options: Pick<Options, 'database' | 'databaseCaCert' | 'databaseSslNoVerify' | 'databaseTimeoutSeconds'>,
  logger: Logger,
  whileWaiting: () => Promise<() => Promise<void>>,
): Promise<DatabaseHandle> {
  const tls = { caCert: options.databaseCaCert, noVerify: options.databaseSslNoVerify };
  let stopWaiting: (() => Promise<void>) | undefined;
  let wait = FIRST_WAIT_MS;
  try {
    for (;;) {
      try {
        return await connectDatabase(options.database, tls, options.databaseTimeoutSeconds * 1000);
      } catch (error) {
        if (options.database.engine !== 'postgres' || !isDatabaseUnavailable(error)) throw error;
        logger.warn({ err: error, retryInMs: wait }, 'the database cannot be reached; waiting for it');
        stopWaiting ??= await whileWaiting();
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, LONGEST_WAIT_MS);
      }
    }
  } finally {
    await stopWaiting?.();
  }
}
