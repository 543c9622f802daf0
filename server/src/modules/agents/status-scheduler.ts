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

/** What a pass changed, chunk by chunk as each commits (a pass that fails midway still tells what it did). */
export interface PassTally {
  /** Agents created by heartbeats since the last pass. */
  registered: number;
  registeredSample: string[];
  notReporting: number;
  /** The first ids marked not reporting (at most `ID_SAMPLE`), for the audit log. */
  notReportingSample: string[];
  /** Agents a previous pass marked not reporting that have reported since. */
  reportingAgain: number;
  reportingAgainSample: string[];
  deleted: string[];
  statisticsPurged: number;
}

export type PassResult = ({ ran: true } & PassTally) | { ran: false; reason: 'standby' | 'busy' };

export const emptyTally = (): PassTally => ({
  registered: 0,
  registeredSample: [],
  notReporting: 0,
  notReportingSample: [],
  reportingAgain: 0,
  reportingAgainSample: [],
  deleted: [],
  statisticsPurged: 0,
});

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
  /** Filled in as chunks commit; the pass's result is made of it. */
  tally?: PassTally;
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
  { chunkSize = STATUS_PASS_CHUNK, onChunk = () => undefined, signal, tally = emptyTally() }: PassSettings = {},
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
  const inChunks = async (
    statement: CompiledQuery,
    each: (rows: Array<Record<string, unknown>>, count: number) => void,
  ) => {
    let changed = 0;
    while (signal?.aborted !== true) {
      const [result] = await database.write([statement]);
      const count = Math.max(result?.changes ?? 0, result?.rows.length ?? 0);
      changed += count;
      if (count > 0) each(result?.rows ?? [], count);
      if (count < chunkSize) break;
    }
    return changed;
  };
  const sample = (into: string[], rows: Array<Record<string, unknown>>) => {
    for (const row of rows.slice(0, ID_SAMPLE - into.length)) into.push(String(row.id));
  };
  // The agents heartbeats created since the last pass (for the audit log's one entry).
  const unrecorded = db.selectFrom('agents').select('id').where('registrationRecorded', '=', 0).limit(chunkSize);
  const recording = db
    .updateTable('agents')
    .set({ registrationRecorded: 1 })
    .where('id', 'in', unrecorded)
    .where('registrationRecorded', '=', 0)
    .returning('id')
    .compile();
  await inChunks(recording, (rows, count) => {
    tally.registered += count;
    sample(tally.registeredSample, rows);
  });
  // Then the agents back from Not Reporting since the last pass (their heartbeats put the status back), so one
  // that went quiet again is counted leaving, then entering.
  const returned = db
    .selectFrom('agents')
    .select('id')
    .where('notReportingMarked', '=', 1)
    .where('status', '<>', 'not_reporting')
    .limit(chunkSize);
  const unmarking = db
    .updateTable('agents')
    .set({ notReportingMarked: 0 })
    .where('id', 'in', returned)
    .where('notReportingMarked', '=', 1)
    .where('status', '<>', 'not_reporting')
    .returning('id')
    .compile();
  await inChunks(unmarking, (rows, count) => {
    tally.reportingAgain += count;
    sample(tally.reportingAgainSample, rows);
  });
  const rules = await db.selectFrom('reportingRules').selectAll().execute();
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
        tally.deleted.push(...ids);
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
      .set({ status: 'not_reporting', notReportingMarked: 1 })
      .where('id', 'in', quiet)
      .where('status', '<>', 'not_reporting')
      .where('lastSeenAt', '<', before)
      .returning('id')
      .compile();
    await inChunks(marking, (rows, count) => {
      tally.notReporting += count;
      sample(tally.notReportingSample, rows);
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
  tally.statisticsPurged += await inChunks(purge, () => undefined);
  return { ran: true, ...tally };
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
    /** What a pass that ran did (the audit log records it as system events); the pass ends when this does. */
    onResult?: (result: Extract<PassResult, { ran: true }>) => void | Promise<void>;
  },
): StatusScheduler {
  let running: Promise<PassResult> | undefined;
  const stopping = new AbortController();
  const tick = async (): Promise<PassResult> => {
    if (!leadership.isLeader()) return { ran: false, reason: 'standby' };
    if (running) return { ran: false, reason: 'busy' };
    const at = new Date();
    const tally = emptyTally();
    running = runStatusPass(database, at.getTime(), { onChunk: onChanged, signal: stopping.signal, tally });
    running.then(
      (result) => result.ran && onPass(at),
      (error: unknown) => onPass(at, error),
    );
    try {
      const result = await running;
      if (result.ran) await onResult(result);
      if (result.ran && (result.notReporting > 0 || result.deleted.length > 0)) {
        logger.info(
          { notReporting: result.notReporting, deleted: result.deleted.length, durationMs: Date.now() - at.getTime() },
          'status pass: agents marked not reporting or deleted',
        );
      }
      return result;
    } catch (error) {
      // The chunks that committed before the failure still changed agents: they are told all the same.
      await onResult({ ran: true, ...tally });
      throw error;
    } finally {
      running = undefined;
    }
  };
  /** The tick in progress, its recording included: stopping waits for it. */
  let ticking: Promise<PassResult> | undefined;
  const tracked = () => {
    const current = tick();
    ticking = current;
    void current
      .finally(() => {
        if (ticking === current) ticking = undefined;
      })
      .catch(() => undefined);
    return current;
  };
  const timer = setInterval(() => {
    tracked().catch((error: unknown) => logger.error({ err: error }, 'status pass failed; retrying next interval'));
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    tick: tracked,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running?.catch(() => undefined);
      await ticking?.catch(() => undefined);
    },
  };
}
