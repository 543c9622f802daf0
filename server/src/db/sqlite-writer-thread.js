// @ts-check
// The SQLite writer thread (ADR 20): its own connection to the database file, running the batches the main thread
// sends, each in one BEGIN IMMEDIATE transaction, so that writing a batch never holds the event loop. Plain
// JavaScript because a worker thread loads a file Node can run as it is, from the sources and from dist alike.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @typedef {{ sql: string, parameters: readonly unknown[] }} Statement */
/** @typedef {{ id: number, statements: readonly Statement[] } | { close: true }} Request */

const port = parentPort;
if (port === null) throw new Error('sqlite-writer-thread.js runs as a worker thread');

const db = new Database(/** @type {{ file: string }} */ (workerData).file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma(`busy_timeout = ${Number(/** @type {{ busyTimeoutMs: number }} */ (workerData).busyTimeoutMs)}`);

/** Prepared statements by SQL text: a batch's statements are the same every flush. */
const prepared = new Map();
/** @param {string} sql */
const statementOf = (sql) => {
  let statement = prepared.get(sql);
  if (statement === undefined) {
    statement = db.prepare(sql);
    if (prepared.size >= 200) prepared.clear();
    prepared.set(sql, statement);
  }
  return statement;
};

const runAll = db.transaction((/** @type {readonly Statement[]} */ statements) =>
  statements.map(({ sql, parameters }) => {
    const statement = statementOf(sql);
    if (statement.reader) return { rows: statement.all(parameters), changes: 0 };
    return { rows: [], changes: statement.run(parameters).changes };
  }),
);

port.on('message', (/** @type {Request} */ request) => {
  if ('close' in request) {
    db.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: request.id, results: runAll.immediate(request.statements) });
  } catch (error) {
    const { message, code } = /** @type {{ message?: unknown, code?: unknown }} */ (error ?? {});
    port.postMessage({ id: request.id, error: { message: String(message ?? error), code } });
  }
});
