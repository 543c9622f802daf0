import type { Logger } from 'pino';
import { refusesWrites } from '../../db/unavailable.js';
import type { Pending } from './heartbeat-flush-plan.js';

/** Writes batches of waiting heartbeats; the buffer decides when, how many, and what to do when one fails. */
export interface BatchWriter {
  /**
   * Writes one batch in one transaction and returns the entries it left out because they could not be prepared;
   * throws when the database refuses the batch.
   */
  write(batch: ReadonlyMap<string, Pending>): Promise<Array<{ agentId: string; error: unknown }>>;
  /**
   * Whether the database takes writes at all after `error`: if so, the refused batch holds a bad row; if not (down,
   * timed out, disk full, I/O error), the batch waits.
   */
  reachable(error: unknown): Promise<boolean>;
}

/** The first words of the log line when writes begin to fail: which it is, in the database's (or driver's) words. */
function describe(error: unknown): string {
  const words = error instanceof Error && error.message ? ` (${error.message})` : '';
  return `${refusesWrites(error) ? 'the database refuses writes' : 'the database does not answer'}${words}`;
}

export interface HeartbeatBufferOptions {
  /** At least this often the buffer is written (ADR 10: 250 ms). */
  flushIntervalMs?: number;
  /** A batch this large is written at once, without waiting for the timer. */
  maxBatch?: number;
  /** Beyond this many agents waiting (the database is down or slow), heartbeats are refused with 503. */
  maxPending?: number;
  /** Hears how long each batch written took, and how many agents it held (for /metrics). */
  onFlushed?: (seconds: number, agents: number) => void;
}

export interface HeartbeatBuffer {
  /** Keeps the heartbeat (the last one per agent wins); false when the buffer is full. */
  accept(agentId: string, entry: Pending): boolean;
  /** Writes what is waiting now; resolves when it is in the database (or dropped as unwritable). */
  flush(): Promise<void>;
  /** True while the database takes writes (or nothing had to be written). */
  healthy(): boolean;
  pending(): number;
  /** How many heartbeats were dropped because they could not be written, since start. */
  dropped(): number;
  /** Stops the timer and writes everything still waiting. */
  stop(): Promise<void>;
}

/**
 * The write-behind buffer between the heartbeat listener and the database: answering an agent never waits for a
 * write. It keeps timing, backpressure and retry; what a write is belongs to the `BatchWriter`.
 *
 * A failed batch never blocks the others: when the database answers, the batch holds something it refuses, so it
 * is written in halves until the refused heartbeat stands alone, which is tried once more and then dropped with a log
 * line naming its agent. When the database does not take writes, everything unwritten goes back to wait for the
 * next flush (a newer heartbeat of the same agent wins) and the buffer reports itself unhealthy: one log line when
 * that begins, with the database's own words (`database or disk is full`, …), and one when writes succeed again.
 */
export function createHeartbeatBuffer(
  writer: BatchWriter,
  logger: Logger,
  { flushIntervalMs = 250, maxBatch = 5000, maxPending = 200_000, onFlushed }: HeartbeatBufferOptions = {},
): HeartbeatBuffer {
  let waiting = new Map<string, Pending>();
  let running: Promise<void> | undefined;
  let ok = true;
  let stopped = false;
  let droppedCount = 0;

  const drop = (agentId: string, error: unknown) => {
    droppedCount += 1;
    logger.error({ agentId, err: error }, 'a heartbeat could not be written and was dropped; other agents go on');
  };

  /** Writes `batch`, isolating what the database refuses; returns what must wait because the database is down. */
  const writeIsolating = async (batch: Map<string, Pending>): Promise<Map<string, Pending> | undefined> => {
    let failure: unknown;
    for (let attempt = 0; attempt < (batch.size === 1 ? 2 : 1); attempt += 1) {
      try {
        for (const { agentId, error } of await writer.write(batch)) drop(agentId, error);
        return undefined;
      } catch (error) {
        failure = error;
        if (!(await writer.reachable(error))) {
          if (ok) logger.error({ err: error, agents: batch.size }, `${describe(error)}; heartbeats stay buffered`);
          return batch;
        }
      }
    }
    if (batch.size === 1) {
      drop(batch.keys().next().value!, failure);
      return undefined;
    }
    logger.warn({ err: failure, agents: batch.size }, 'a batch of heartbeats was refused; writing it in parts');
    const entries = [...batch];
    const half = Math.ceil(entries.length / 2);
    const first = new Map(entries.slice(0, half));
    const second = new Map(entries.slice(half));
    const left = await writeIsolating(first);
    if (left !== undefined) return new Map([...left, ...second]);
    return writeIsolating(second);
  };

  const flush = (): Promise<void> => {
    if (running) return running.then(() => (waiting.size > 0 && ok ? flush() : undefined));
    if (waiting.size === 0) return Promise.resolve();
    const batch = new Map<string, Pending>();
    for (const [id, entry] of waiting) {
      batch.set(id, entry);
      if (batch.size === maxBatch) break;
    }
    for (const id of batch.keys()) waiting.delete(id);
    const started = performance.now();
    running = writeIsolating(batch)
      .then((unwritten) => {
        if (unwritten === undefined) onFlushed?.((performance.now() - started) / 1000, batch.size);
        if (unwritten === undefined && !ok) logger.info({ pending: waiting.size }, 'the database takes writes again');
        ok = unwritten === undefined;
        if (unwritten === undefined) return;
        // Back in line, unless a newer heartbeat of the same agent arrived meanwhile.
        const merged = new Map(unwritten);
        for (const [id, entry] of waiting) merged.set(id, entry);
        waiting = merged;
      })
      .catch((error: unknown) => {
        // Only a broken writer gets here (reachable() itself failing); keep the batch as for a database that is down.
        if (ok) logger.error({ err: error, agents: batch.size }, 'writing heartbeats failed; they stay buffered');
        ok = false;
        for (const [id, entry] of waiting) batch.set(id, entry);
        waiting = batch;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!running && waiting.size > 0) void flush();
  }, flushIntervalMs);
  timer.unref();

  return {
    accept(agentId, entry) {
      const before = waiting.get(agentId);
      if (stopped || (waiting.size >= maxPending && before === undefined)) return false;
      waiting.set(agentId, before === undefined ? entry : { ...entry, clash: clashOf(before, entry) });
      if (waiting.size >= maxBatch && !running) void flush();
      return true;
    },
    flush,
    healthy: () => ok,
    pending: () => waiting.size,
    dropped: () => droppedCount,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // Keep writing until everything acknowledged is stored, or the database stops answering (logged above).
      while (waiting.size > 0 || running) {
        await flush();
        if (!ok) break;
      }
    },
  };
}

/**
 * A hostname other than the newest one that heartbeated with the same id since the last write. A single Telegraf
 * reads its hostname once, at start, so two within one window are two machines (a cloned image): kept, so clones
 * beating in step are still seen as a duplicate id although only the latest heartbeat is written.
 */
function clashOf(before: Pending, after: Pending): string | undefined {
  const newest = after.heartbeat.hostname;
  if (newest === undefined) return undefined;
  const earlier = before.heartbeat.hostname;
  if (earlier !== undefined && earlier !== newest) return earlier;
  return before.clash !== newest ? before.clash : undefined;
}
