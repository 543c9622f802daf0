import { sql, type CompiledQuery } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Leadership } from '../leadership/leadership.js';

/** How long statistics are kept (the agent row keeps the latest ones). */
export const STATISTICS_RETENTION_MS = 24 * 3600_000;
/**
 * Tried when a pass starts on PostgreSQL: held elsewhere (another controller starting its pass, an operator pausing
 * passes), this pass stands aside. Leadership is what keeps passes on one controller; chunks repeat harmlessly.
 */
const PASS_LOCK_KEY = 0x7e1e_5c4;

export type PassResult =
  | {
      ran: true;
      notReporting: number;
      /** The first ids marked not reporting (at most `ID_SAMPLE`), for the audit log. */
      notReportingSample: string[];
      deleted: string[];
      statisticsPurged: number;
    }
  | { ran: false; reason: 'standby' | 'busy' };

/** Rows one statement of a pass changes at most: one short transaction, so heartbeats and people's writes go on. */
export const STATUS_PASS_CHUNK = 5000;
/** How many of the agents a pass marked not reporting it names (the count is always whole). */
export const ID_SAMPLE = 100;

export interface PassSettings {
  chunkSize?: number;
  /** After each chunk that changed agents, with the ids it deleted: lists and counts follow at once. */
  onChunk?: (deleted: string[]) => void;
  /** Aborted (the controller stops): the pass ends after the chunk it is writing; the next pass finishes it. */
  signal?: AbortSignal;
}

/**
 * One status pass (ADR 21): agents silent past their rule's threshold become `not_reporting`, agents silent past an
 * auto-delete threshold are deleted, and statistics older than a day go. Each step runs in chunks of `chunkSize`
 * rows, each its own short transaction written by `database.write` (on SQLite, by the writer thread), until a chunk
 * finds fewer: a network cut that silences the whole fleet never holds the event loop, the agents table or the
 * heartbeat writes for the length of the pass. Every chunk is idempotent, so a pass cut short is finished by the
 * next. (A heartbeat puts the reported status back as it is written.)
 */
export async function runStatusPass(
  database: DatabaseHandle,
  now = Date.now(),
  { chunkSize = STATUS_PASS_CHUNK, onChunk = () => undefined, signal }: PassSettings = {},
): Promise<PassResult> {
  const { db, engine } = database;
  if (engine === 'postgres') {
    // Another controller's pass holds the lock for its first statement: this one stands aside (one pass at a time).
    const [lock] = await database.write([
      sql`select pg_try_advisory_xact_lock(${PASS_LOCK_KEY}) as locked`.compile(db),
    ]);
    if (lock?.rows[0]?.locked !== true) return { ran: false, reason: 'busy' };
  }
  const cutoff = (seconds: number) => new Date(now - seconds * 1000).toISOString();
  /**
   * Runs `statement` until it changes fewer than a chunk, telling `each` what every chunk that changed rows returned;
   * resolves to how many rows it changed.
   */
  const inChunks = async (statement: CompiledQuery, each: (rows: Array<Record<string, unknown>>) => void) => {
    let changed = 0;
    while (signal?.aborted !== true) {
      const [result] = await database.write([statement]);
      const count = Math.max(result?.changes ?? 0, result?.rows.length ?? 0);
      changed += count;
      if (count > 0) each(result?.rows ?? []);
      if (count < chunkSize) break;
    }
    return changed;
  };
  const rules = await db.selectFrom('reportingRules').selectAll().execute();
  let notReporting = 0;
  const notReportingSample: string[] = [];
  const deleted: string[] = [];
  for (const rule of rules) {
    if (rule.autoDelete && rule.autoDeleteAfterSeconds !== null) {
      const before = cutoff(rule.autoDeleteAfterSeconds);
      const silent = db
        .selectFrom('agents')
        .select('id')
        .where('reportingRuleId', '=', rule.id)
        .where('lastSeenAt', '<', before)
        .limit(chunkSize);
      // The conditions again outside: an agent that beat since the chunk was chosen stays.
      const removal = db
        .deleteFrom('agents')
        .where('id', 'in', silent)
        .where('lastSeenAt', '<', before)
        .returning('id')
        .compile();
      await inChunks(removal, (rows) => {
        const ids = rows.map((row) => String(row.id));
        deleted.push(...ids);
        onChunk(ids);
      });
    }
    const before = cutoff(rule.notReportingAfterSeconds);
    const quiet = db
      .selectFrom('agents')
      .select('id')
      .where('reportingRuleId', '=', rule.id)
      .where('status', '<>', 'not_reporting')
      .where('lastSeenAt', '<', before)
      .limit(chunkSize);
    const marking = db
      .updateTable('agents')
      .set({ status: 'not_reporting' })
      .where('id', 'in', quiet)
      .where('status', '<>', 'not_reporting')
      .where('lastSeenAt', '<', before)
      .returning('id')
      .compile();
    notReporting += await inChunks(marking, (rows) => {
      for (const row of rows.slice(0, ID_SAMPLE - notReportingSample.length)) notReportingSample.push(String(row.id));
      onChunk([]);
    });
  }
  const expired = new Date(now - STATISTICS_RETENTION_MS).toISOString();
  // Rows are picked by their physical id (PostgreSQL's ctid, SQLite's rowid) through the index on `at`: matching the
  // (agent_id, at) key instead made PostgreSQL plan a scan of the whole table per chunk.
  const purge =
    engine === 'postgres'
      ? sql`delete from agent_statistics where ctid = any(array(
          select ctid from agent_statistics where at < ${expired} limit ${chunkSize}))`.compile(db)
      : sql`delete from agent_statistics where rowid in (
          select rowid from agent_statistics where at < ${expired} limit ${chunkSize})`.compile(db);
  const statisticsPurged = await inChunks(purge, () => undefined);
  return { ran: true, notReporting, notReportingSample, deleted, statisticsPurged };
}

export interface StatusScheduler {
  /** One tick as the timer runs it: nothing unless this controller leads. */
  tick(): Promise<PassResult>;
  stop(): Promise<void>;
}

/**
 * Every `intervalSeconds` on the leader. Each chunk of a pass that changed agents is reported to `onChanged` with the
 * ids it deleted (the heartbeat buffer forgets them; fleet counts are recomputed), so lists and counts follow as
 * agents cross, not when the whole pass ends.
 */
export function startStatusScheduler(
  database: DatabaseHandle,
  {
    leadership,
    intervalSeconds,
    logger,
    onChanged,
    onPass = () => undefined,
    onResult = () => undefined,
  }: {
    leadership: Leadership;
    intervalSeconds: number;
    logger: Logger;
    onChanged: (deleted: string[]) => void;
    /** After each pass this controller ran (not a standby's tick), with the error when it failed. */
    onPass?: (at: Date, error?: unknown) => void;
    /** What a pass that ran did (the audit log records it as system events). */
    onResult?: (result: Extract<PassResult, { ran: true }>) => void;
  },
): StatusScheduler {
  let running: Promise<PassResult> | undefined;
  const stopping = new AbortController();
  const tick = async (): Promise<PassResult> => {
    if (!leadership.isLeader()) return { ran: false, reason: 'standby' };
    if (running) return { ran: false, reason: 'busy' };
    const at = new Date();
    running = runStatusPass(database, at.getTime(), { onChunk: onChanged, signal: stopping.signal });
    running.then(
      (result) => result.ran && onPass(at),
      (error: unknown) => onPass(at, error),
    );
    try {
      const result = await running;
      if (result.ran) onResult(result);
      if (result.ran && (result.notReporting > 0 || result.deleted.length > 0)) {
        logger.info(
          { notReporting: result.notReporting, deleted: result.deleted.length, durationMs: Date.now() - at.getTime() },
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
      stopping.abort();
      await running?.catch(() => undefined);
    },
  };
}
