import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../options.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Connection settings for a dedicated PostgreSQL client outside the pool (leader lock, LISTEN). */
  pgConfig: pg.ClientConfig | undefined;
  close(): Promise<void>;
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
  if (target.engine === 'sqlite') return openSqlite(target.file);
  return openPostgres(target.url, tls, timeoutMs);
}

/** Opens a SQLite file, or a serialized database image (the test harness's migrated template). */
export function openSqlite(source: string | Buffer): DatabaseHandle {
  const sqlite = new SQLite(source);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, engine: 'sqlite', pgConfig: undefined, close: () => db.destroy() };
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  await sql`select 1`.execute(db);
  return { db, engine: 'postgres', pgConfig: config, close: () => db.destroy() };
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
