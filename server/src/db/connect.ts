import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import SQLite from 'better-sqlite3';
import {
  CamelCasePlugin,
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type LogEvent,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../options.js';
import type { Database } from './schema.js';
import { startSqliteWriter, type StatementResult } from './sqlite-writer.js';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Connection settings for a dedicated PostgreSQL client outside the pool (leader lock, LISTEN). */
  pgConfig: pg.ClientConfig | undefined;
  /**
   * Runs bulk writes that can wait (heartbeat batches, status passes) in one transaction and resolves to what each
   * statement did. On a SQLite file the writer thread runs them (ADR 20), so the event loop goes on meanwhile;
   * elsewhere (PostgreSQL, the test harness's in-memory images) they run in a transaction of `db`.
   */
  write(statements: readonly CompiledQuery[]): Promise<StatementResult[]>;
  /** Connections in use and waiting now, and statements that failed since start (for /metrics). */
  stats(): DatabaseStats;
  close(): Promise<void>;
}

export interface DatabaseStats {
  /** Open connections: the pool's on PostgreSQL; the main one and the writer thread's on a SQLite file. */
  connections: number;
  /** Open connections lent to no one (PostgreSQL; 0 on SQLite). */
  idle: number;
  /** Queries waiting for a connection of a full pool (PostgreSQL; 0 on SQLite). */
  waiting: number;
  /** Statements and bulk writes the database refused or did not answer, since start. */
  errors: number;
}

/** Counts failed statements, through Kysely's log hook (every query of `db`, in transactions or not). */
function errorCounter() {
  let errors = 0;
  return {
    log: (event: LogEvent) => {
      if (event.level === 'error') errors += 1;
    },
    /** Counts a failed bulk write (the writer thread's statements bypass `db`) and passes it on. */
    counted: <T>(work: Promise<T>): Promise<T> =>
      work.catch((error: unknown) => {
        errors += 1;
        throw error;
      }),
    errors: () => errors,
  };
}

export interface PostgresTls {
  caCert: string | undefined;
  noVerify: boolean;
}

/**
 * How long one statement may take before it fails (`--database-timeout`); a connection attempt gets at most 10 s
 * of it. Long enough for a status pass over a large fleet or a migration, short enough that nothing hangs.
 */
export const DEFAULT_DATABASE_TIMEOUT_MS = 60_000;

export async function connectDatabase(
  target: DatabaseTarget,
  tls: PostgresTls,
  timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS,
): Promise<DatabaseHandle> {
  if (target.engine === 'sqlite') return openSqlite(target.file, timeoutMs);
  return openPostgres(target.url, tls, timeoutMs);
}

/**
 * How long the main thread's connection waits for the writer thread's transaction to end before it fails with
 * SQLITE_BUSY (a 503): waiting holds the event loop, so it is short; the writer's batches and chunks are shorter.
 */
const MAIN_THREAD_BUSY_TIMEOUT_MS = 250;
/** The writer thread waits off the event loop, up to this long (or `--database-timeout`, if shorter). */
const WRITER_BUSY_TIMEOUT_MS = 5000;

/**
 * Transactions that may write begin with `BEGIN IMMEDIATE`: they take the write lock first, waiting for the writer
 * thread's batch to end, instead of reading and then failing to upgrade (SQLITE_BUSY) because it wrote meanwhile.
 * Read-only transactions (`setAccessMode('read only')`) stay deferred and never wait. A transaction SQLite already
 * rolled back itself (disk full, I/O error) is not rolled back again, so the caller sees the error that ended it.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(config);
  }
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.sqlite }, this.sqlite);
  }
}

/** Runs the statements in one transaction of `db`, as the writer thread would. */
async function writeInTransaction(db: Kysely<Database>, statements: readonly CompiledQuery[]) {
  return db.transaction().execute(async (trx) => {
    const results: StatementResult[] = [];
    for (const statement of statements) {
      const result = await trx.executeQuery<Record<string, unknown>>(statement);
      results.push({ rows: result.rows, changes: Number(result.numAffectedRows ?? 0) });
    }
    return results;
  });
}

/**
 * Opens a SQLite file, with its writer thread, or a serialized database image (the test harness's migrated
 * template), which no other thread can open, written on the main thread.
 */
export function openSqlite(source: string | Buffer, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS): DatabaseHandle {
  const sqlite = new SQLite(source);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${MAIN_THREAD_BUSY_TIMEOUT_MS}`);
  const failures = errorCounter();
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect(sqlite),
    plugins: [new CamelCasePlugin()],
    log: failures.log,
  });
  const writer =
    typeof source === 'string' && source !== ':memory:'
      ? startSqliteWriter(source, Math.min(timeoutMs, WRITER_BUSY_TIMEOUT_MS))
      : undefined;
  return {
    db,
    engine: 'sqlite',
    pgConfig: undefined,
    write: (statements) => (writer ? failures.counted(writer.run(statements)) : writeInTransaction(db, statements)),
    stats: () => ({ connections: writer ? 2 : 1, idle: 0, waiting: 0, errors: failures.errors() }),
    async close() {
      await writer?.close();
      await db.destroy();
    },
  };
}

/** timestamptz text such as `2026-11-27 23:27:42.123456+00` → `2026-11-27T23:27:42.123Z`. */
export function timestamptzToIso(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return new Date(text).toISOString();
  const [, date, time, fraction = '', hours, minutes = '00'] = match;
  return new Date(`${date}T${time}${fraction.slice(0, 4)}${hours}:${minutes}`).toISOString();
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/** Type parsers for this pool only: no global driver state. bigint counters and counts stay exact to 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID) return (value: string) => timestamptzToIso(value);
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openPostgres(
  url: string,
  tls: PostgresTls,
  timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS,
): Promise<DatabaseHandle> {
  const config = await postgresConfig(url, tls, timeoutMs);
  const pool = new pg.Pool({ ...config, max: 10 });
  // An idle connection that dies (server restart, network) is replaced by the pool on next use; without a
  // listener its 'error' event would end the process.
  pool.on('error', () => undefined);
  // So is one that dies while checked out between two statements (a failover or an administrator ending sessions):
  // the pool takes its idle listener off while a client is lent, and the statement in flight, if any, fails anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const failures = errorCounter();
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log: failures.log,
  });
  await sql`select 1`.execute(db);
  return {
    db,
    engine: 'postgres',
    pgConfig: config,
    write: (statements) => writeInTransaction(db, statements),
    stats: () => ({
      connections: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      errors: failures.errors(),
    }),
    close: () => db.destroy(),
  };
}

/**
 * libpq's `sslmode` semantics on top of node-postgres: disable; allow/prefer (TLS when the server offers it);
 * require (encrypt, verify only when a CA is given); verify-ca; verify-full. Without sslmode: no TLS.
 */
export async function postgresConfig(
  url: string,
  tls: PostgresTls,
  timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS,
): Promise<pg.ClientConfig> {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode') ?? 'disable';
  const caPath = parsed.searchParams.get('sslrootcert') ?? tls.caCert;
  for (const key of ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslcrl', 'uselibpqcompat']) {
    parsed.searchParams.delete(key);
  }
  const base: pg.ClientConfig = {
    connectionString: parsed.toString(),
    types,
    options: '-c TimeZone=UTC',
    application_name: 'telegraf-controller',
    // Every wait is bounded, so an unreachable or stalled database gives errors (503s) instead of hangs: the
    // connection attempt, each statement on the server, and each answer on the client (a cut connection says nothing).
    connectionTimeoutMillis: Math.min(timeoutMs, 10_000),
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1_000,
    keepAlive: true,
  };
  const ca = caPath ? readFileSync(caPath, 'utf8') : undefined;
  const encryptOnly: ConnectionOptions = ca ? { ca, rejectUnauthorized: true } : { rejectUnauthorized: false };
  switch (mode) {
    case 'disable':
      return { ...base, ssl: false };
    case 'allow':
    case 'prefer':
      return (await serverOffersTls(base)) ? { ...base, ssl: encryptOnly } : { ...base, ssl: false };
    case 'require':
      return { ...base, ssl: tls.noVerify && !ca ? { rejectUnauthorized: false } : encryptOnly };
    case 'verify-ca':
      return { ...base, ssl: { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined } };
    case 'verify-full':
      return { ...base, ssl: { ca, rejectUnauthorized: true } };
    default:
      throw new Error(`sslmode "${mode}" is not one of disable, allow, prefer, require, verify-ca, verify-full`);
  }
}

async function serverOffersTls(base: pg.ClientConfig): Promise<boolean> {
  const client = new pg.Client({ ...base, ssl: { rejectUnauthorized: false } });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (/does not support SSL/i.test((error as Error).message)) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
