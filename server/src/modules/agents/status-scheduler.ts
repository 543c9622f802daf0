import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Leadership } from '../leadership/leadership.js';

/** How long statistics are kept (the agent row keeps the latest ones). */
export const STATISTICS_RETENTION_MS = 24 * 3600_000;
/** Held for one pass, so two controllers on one PostgreSQL database never run a pass at the same time. */
const PASS_LOCK_KEY = 0x7e1e_5c4;

export type PassResult =
  | { ran: true; notReporting: number; deleted: string[]; statisticsPurged: number }
  | { ran: false; reason: 'standby' | 'busy' };

/**
 * One status pass, in one transaction: agents silent past their rule's threshold become `not_reporting`, agents
 * silent past an auto-delete threshold are deleted, and statistics older than a day go. (A heartbeat puts the
 * reported status back as it is written.)
 */
export async function runStatusPass({ db, engine }: DatabaseHandle, now = Date.now()): Promise<PassResult> {
  return db.transaction().execute(async (trx) => {
    if (engine === 'postgres') {
      const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${PASS_LOCK_KEY}) as locked`.execute(
        trx,
      );
      if (!lock.rows[0]?.locked) return { ran: false, reason: 'busy' } as const;
    }
    const cutoff = (seconds: number) => new Date(now - seconds * 1000).toISOString();
    const rules = await trx.selectFrom('reportingRules').selectAll().execute();
    let notReporting = 0;
    const deleted: string[] = [];
    for (const rule of rules) {
      if (rule.autoDelete && rule.autoDeleteAfterSeconds !== null) {
        const gone = await trx
          .deleteFrom('agents')
          .where('reportingRuleId', '=', rule.id)
          .where('lastSeenAt', '<', cutoff(rule.autoDeleteAfterSeconds))
          .returning('id')
          .execute();
        deleted.push(...gone.map((row) => row.id));
      }
      const marked = await trx
        .updateTable('agents')
        .set({ status: 'not_reporting' })
        .where('reportingRuleId', '=', rule.id)
        .where('status', '<>', 'not_reporting')
        .where('lastSeenAt', '<', cutoff(rule.notReportingAfterSeconds))
        .executeTakeFirst();
      notReporting += Number(marked.numUpdatedRows);
    }
    const purged = await trx
      .deleteFrom('agentStatistics')
      .where('at', '<', new Date(now - STATISTICS_RETENTION_MS).toISOString())
      .executeTakeFirst();
    return { ran: true, notReporting, deleted, statisticsPurged: Number(purged.numDeletedRows) };
  });
}

export interface StatusScheduler {
  /** One tick as the timer runs it: nothing unless this controller leads. */
  tick(): Promise<PassResult>;
  stop(): Promise<void>;
}

/**
 * Every `intervalSeconds` on the leader. A pass that changed agents is reported to `onChanged` with the ids it
 * deleted (the heartbeat buffer forgets them; fleet counts are recomputed).
 */
export function startStatusScheduler(
  database: DatabaseHandle,
  {
    leadership,
    intervalSeconds,
    logger,
    onChanged,
    onPass = () => undefined,
  }: {
    leadership: Leadership;
    intervalSeconds: number;
    logger: Logger;
    onChanged: (deleted: string[]) => void;
    /** After each pass this controller ran (not a standby's tick), with the error when it failed. */
    onPass?: (at: Date, error?: unknown) => void;
  },
): StatusScheduler {
  let running: Promise<PassResult> | undefined;
  const tick = async (): Promise<PassResult> => {
    if (!leadership.isLeader()) return { ran: false, reason: 'standby' };
    if (running) return { ran: false, reason: 'busy' };
    running = runStatusPass(database);
    const at = new Date();
    running.then(
      (result) => result.ran && onPass(at),
      (error: unknown) => onPass(at, error),
    );
    try {
      const result = await running;
      if (result.ran && (result.notReporting > 0 || result.deleted.length > 0)) {
        onChanged(result.deleted);
        logger.info(
          { notReporting: result.notReporting, deleted: result.deleted.length },
          'status pass: agents marked not reporting or deleted',
        );
      }
      return result;
    } finally {
      running = undefined;
    }
  };
  const timer = setInterval(() => {
    tick().catch((error: unknown) => logger.error({ err: error }, 'status pass failed; retrying next interval'));
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
