import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';

/** What one statement of a batch did: the rows it returned (as the database names their columns), rows changed. */
export interface StatementResult {
  rows: Array<Record<string, unknown>>;
  changes: number;
}

/** Runs batches of statements, each batch in one transaction, by the SQLite writer thread. */
export interface SqliteWriter {
  run(statements: readonly CompiledQuery[]): Promise<StatementResult[]>;
  close(): Promise<void>;
}

type Answer = { id: number; results: StatementResult[] } | { id: number; error: { message: string; code?: unknown } };

const THREAD = new URL('./sqlite-writer-thread.js', import.meta.url);

/** An error the thread reported, with SQLite's code kept (`db/unavailable.ts` reads it). */
class SqliteWriteError extends Error {
  constructor(
    message: string,
    readonly code: unknown,
  ) {
    super(message);
  }
}

/**
 * The main thread's side of the writer thread (ADR 20): batches go to the thread in order and come back as promises.
 * A thread that dies fails what it held and is started again for the next batch, so one bad day costs batches that
 * the heartbeat buffer keeps and writes again, never the process.
 */
export function startSqliteWriter(file: string, busyTimeoutMs: number): SqliteWriter {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (results: StatementResult[]) => void; reject: (e: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  /** The thread keeps the process alive only while it holds batches: an idle one never stops an exit. */
  const settle = (id: number) => {
    const pending = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0) worker?.unref();
    return pending;
  };
  const thread = (): Worker => {
    if (worker !== undefined) return worker;
    const started = new Worker(THREAD, { workerData: { file, busyTimeoutMs } });
    started.on('message', (answer: Answer) => {
      const pending = settle(answer.id);
      if ('results' in answer) pending?.resolve(answer.results);
      else pending?.reject(new SqliteWriteError(answer.error.message, answer.error.code));
    });
    started.on('error', (error) => {
      if (worker === started) worker = undefined;
      failAll(new SqliteWriteError(`the SQLite writer thread failed: ${error.message}`, 'SQLITE_WRITER_STOPPED'));
    });
    started.on('exit', () => {
      if (worker === started) worker = undefined;
      failAll(new SqliteWriteError('the SQLite writer thread stopped', 'SQLITE_WRITER_STOPPED'));
    });
    worker = started;
    return started;
  };

  return {
    run(statements) {
      const id = (nextId += 1);
      const target = thread();
      return new Promise((resolve, reject) => {
        if (waiting.size === 0) target.ref();
        waiting.set(id, { resolve, reject });
        target.postMessage({ id, statements: statements.map(({ sql, parameters }) => ({ sql, parameters })) });
      });
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (running === undefined) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.ref(); // until the thread has closed its connection (and checkpointed the WAL)
      running.postMessage({ close: true });
      await exited;
    },
  };
}
