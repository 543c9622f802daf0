import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { openPostgres, openSqlite } from '../../server/dist/db/connect.js';
import { migrateToLatest } from '../../server/dist/db/migrate.js';
import { createHeartbeatsService } from '../../server/dist/modules/heartbeats/heartbeats.service.js';
import { parseHeartbeat } from '../../server/dist/modules/heartbeats/heartbeat-message.js';
import { ensureDefaultRule } from '../../server/dist/modules/reporting-rules/reporting-rules.service.js';
import { onBenchExit } from './child.mjs';
import { createBenchDatabase } from './postgres.mjs';

const SEED_BATCH = 5000;

/**
 * The controller's own database handle on a SQLite file or a `postgres://` URL, migrated and with the default
 * reporting rule, as the controller leaves it at start-up. Close it with `handle.close()`.
 */
export async function openFleetDatabase(target) {
  const handle = target.startsWith('postgres')
    ? await openPostgres(target, { caCert: undefined, noVerify: false })
    : openSqlite(target);
  try {
    await migrateToLatest(handle.db, handle.engine);
    await ensureDefaultRule(handle.db);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Writes agents `first` (default 0) to `first + count - 1` of the synthetic fleet (`scripts/lib/fleet.mjs`) through
 * the write path the heartbeat listener uses: `parseHeartbeat`, then the write-behind buffer, flushed every 5,000
 * agents. Agent i is last seen at `lastSeenAt(i)` (epoch ms) from IP `ipOf(i)`, and reports `configUrlsOf(i)` as
 * controller config URLs.
 */
export async function seedFleet(handle, { count, lastSeenAt, configUrlsOf = () => [], beat = 0, first = 0 }) {
  const failures = [];
  const logger = silentLogger(failures);
  const buffer = createHeartbeatsService(handle, logger, {
    flushIntervalMs: 3_600_000,
    maxBatch: SEED_BATCH,
    maxPending: 2 * SEED_BATCH,
  });
  for (let k = 0; k < count; k += 1) {
    const i = first + k;
    const at = lastSeenAt(i);
    const message = heartbeat(i, beat, { configUrls: configUrlsOf(i), now: at });
    buffer.accept(parseHeartbeat(message), ipOf(i), at);
    if ((k + 1) % SEED_BATCH === 0) await buffer.flush();
    if (!buffer.healthy()) break;
  }
  await buffer.stop();
  if (!buffer.healthy()) throw new Error(`seeding the fleet failed: ${failures.join('; ')}`);
  // As on a controller that has been running: the passes since these agents came recorded their registration.
  await sql`update agents set registration_recorded = 1 where registration_recorded = 0`.execute(handle.db);
}

/**
 * What a database that has run for a while has done by itself: PostgreSQL's autovacuum analyses tables that grew
 * this much within a minute or so. SQLite has no such thing and the controller never runs ANALYZE there, so its
 * query plans are measured as they are.
 */
export async function settleStatistics(handle) {
  if (handle.engine === 'postgres') await sql`analyze`.execute(handle.db);
}

/** A distinct private address per agent, as a fleet behind NAT-free networks reports. */
export function ipOf(i) {
  return `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
}

/**
 * Last-seen times spread evenly over `spanMs` before `newestAt`, in an order unrelated to the agent number (so
 * neither ids nor hostnames sort like last-seen times): agent i is `((i * 7919) mod count) / count` of the span back.
 */
export function spreadLastSeen(count, newestAt, spanMs) {
  return (i) => newestAt - Math.floor((((i * 7919) % count) / count) * spanMs);
}

// The buffer reports a failed write through its logger and keeps the batch; the seeding stops and says why.
function silentLogger(failures) {
  const logger = {
    error: (fields, message) => failures.push(`${message}: ${fields?.err?.message ?? ''}`),
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}

/**
 * A fresh SQLite file in a temp dir (named after `purpose`), or a fresh PostgreSQL database, for a fleet the bench
 * seeds itself; `release()` removes it (and Ctrl-C does).
 */
export async function temporaryDatabase(engine, purpose) {
  if (engine === 'postgres') {
    const database = await createBenchDatabase();
    return { target: database.url, release: () => database.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), `telegraf-controller-bench-${purpose}-`));
  const releaseDir = onBenchExit(() => rmSync(dir, { recursive: true, force: true }));
  return {
    target: join(dir, 'fleet.db'),
    release: async () => {
      rmSync(dir, { recursive: true, force: true });
      releaseDir();
    },
  };
}
