import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createTestApp, engine, freshDatabaseTarget, silentLogger, soleLeader } from '../../../test/harness.js';
import { startLeadership } from '../leadership/leadership.js';
import { ensureDefaultRule } from '../reporting-rules/reporting-rules.service.js';
import { parseHeartbeat } from '../heartbeats/heartbeat-message.js';
import { runStatusPass, startStatusScheduler } from './status-scheduler.js';

const MINUTE = 60_000;

async function setup() {
  const context = await createTestApp();
  const { heartbeats } = context.services;
  const beat = (id: string, at: number, status = 'OK') =>
    heartbeats.accept(
      parseHeartbeat({ id, version: 'v', status, statistics: { errors: 0, warnings: 0, metrics: 1 } }),
      null,
      at,
    );
  const agent = (id: string) =>
    context.database.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
  const addRule = async (id: string, notReporting: number, autoDeleteAfter: number | null) => {
    const now = new Date().toISOString();
    await context.database.db
      .insertInto('reportingRules')
      .values({
        id,
        description: id,
        notReportingAfterSeconds: notReporting,
        autoDelete: autoDeleteAfter === null ? 0 : 1,
        autoDeleteAfterSeconds: autoDeleteAfter,
        isDefault: 0,
        silentAfterBeats: 3,
        degradingAfterBeats: 3,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  };
  return { ...context, beat, agent, addRule, flush: () => heartbeats.flush() };
}

describe(`the status scheduler on ${engine}`, () => {
  it('a pass that fails midway still tells what its committed chunks did', async () => {
    const { beat, agent, flush, database } = await setup();
    const now = Date.now();
    beat('quiet', now - 4 * MINUTE);
    await flush();
    // The last step (the statistics purge) fails for real: its table is gone.
    await sql`drop table agent_statistics`.execute(database.db);
    const told: unknown[] = [];
    const scheduler = startStatusScheduler(database, {
      leadership: soleLeader,
      intervalSeconds: 3600,
      logger: silentLogger,
      onChanged: () => undefined,
      onResult: (result) => {
        told.push(result);
      },
    });
    await expect(scheduler.tick()).rejects.toThrow(/agent_statistics/);
    await scheduler.stop();
    expect((await agent('quiet'))?.status).toBe('not_reporting');
    expect(told).toEqual([expect.objectContaining({ ran: true, notReporting: 1, notReportingSample: ['quiet'] })]);
  });

  it('marks agents silent past their threshold Not Reporting; the next heartbeat puts their status back', async () => {
    const { beat, agent, flush, database } = await setup();
    const now = Date.now();
    beat('silent', now - 4 * MINUTE, 'WARN');
    beat('fresh', now - MINUTE);
    await flush();
    const pass = await runStatusPass(database, now);
    expect(pass).toMatchObject({ ran: true, notReporting: 1, deleted: [] });
    expect(await agent('silent')).toMatchObject({ status: 'not_reporting', reportedStatus: 'warn' });
    expect((await agent('fresh'))?.status).toBe('ok');
    // A second pass changes nothing more.
    expect(await runStatusPass(database, now)).toMatchObject({ notReporting: 0 });
    beat('silent', now, 'FAIL');
    await flush();
    expect(await agent('silent')).toMatchObject({ status: 'fail', reportedStatus: 'fail' });
  });

  it('deletes agents past an auto-delete threshold, even one shorter than the not-reporting one', async () => {
    const { beat, agent, flush, database, addRule } = await setup();
    await addRule('cleanup', 3600, 600);
    const now = Date.now();
    beat('old', now - 20 * MINUTE);
    beat('recent', now - 5 * MINUTE);
    await flush();
    await database.db.updateTable('agents').set({ reportingRuleId: 'cleanup' }).execute();
    const forgotten: string[] = [];
    const scheduler = startStatusScheduler(database, {
      leadership: soleLeader,
      intervalSeconds: 3600,
      logger: silentLogger,
      onChanged: (ids) => forgotten.push(...ids),
    });
    const pass = await scheduler.tick();
    await scheduler.stop();
    expect(pass).toMatchObject({ ran: true, deleted: ['old'], notReporting: 0 });
    expect(forgotten).toEqual(['old']);
    expect(await agent('old')).toBeUndefined();
    expect((await agent('recent'))?.status).toBe('ok');
  });

  it('works in chunks: a whole fleet going quiet is marked, deleted and purged chunk by chunk, all of it', async () => {
    const { beat, flush, database, addRule } = await setup();
    await addRule('cleanup', 3600, 600);
    const now = Date.now();
    for (let i = 0; i < 11; i += 1) beat(`quiet-${i}`, now - 30 * 60 * MINUTE);
    for (let i = 0; i < 7; i += 1) beat(`gone-${i}`, now - 20 * MINUTE);
    beat('alive', now);
    await flush();
    await database.db.updateTable('agents').set({ reportingRuleId: 'cleanup' }).where('id', 'like', 'gone-%').execute();
    const chunks: string[][] = [];
    const pass = await runStatusPass(database, now, { chunkSize: 3, onChunk: (ids) => chunks.push(ids) });
    expect(pass).toMatchObject({ ran: true, notReporting: 11, statisticsPurged: 11 });
    expect(pass.ran && [...pass.deleted].sort()).toEqual(Array.from({ length: 7 }, (_, i) => `gone-${i}`));
    // Deleted 3 + 3 + 1, marked 3 + 3 + 3 + 2: every chunk that changed agents was reported as it was written.
    expect(chunks.map((ids) => ids.length).sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 1, 3, 3]);
    const statuses = await database.db.selectFrom('agents').select(['id', 'status']).orderBy('id').execute();
    expect(statuses.filter((row) => row.status === 'not_reporting')).toHaveLength(11);
    expect(statuses.find((row) => row.id === 'alive')?.status).toBe('ok');
    // A pass that is stopped ends after the chunk it writes; the next one finishes the work.
    await database.db.updateTable('agents').set({ status: 'ok' }).execute();
    const stopping = new AbortController();
    const cut = await runStatusPass(database, now, {
      chunkSize: 3,
      onChunk: () => stopping.abort(),
      signal: stopping.signal,
    });
    expect(cut).toMatchObject({ ran: true, notReporting: 3 });
    expect(await runStatusPass(database, now, { chunkSize: 3 })).toMatchObject({ notReporting: 8 });
  });

  it('purges statistics older than a day and does nothing on a standby controller', async () => {
    const { beat, flush, database } = await setup();
    const now = Date.now();
    beat('a', now - 25 * 60 * MINUTE);
    await flush();
    beat('a', now);
    await flush();
    const standby = startStatusScheduler(database, {
      leadership: { node: 'standby', isLeader: () => false, leader: async () => null, stop: async () => undefined },
      intervalSeconds: 3600,
      logger: silentLogger,
      onChanged: () => undefined,
    });
    expect(await standby.tick()).toEqual({ ran: false, reason: 'standby' });
    await standby.stop();
    expect(await runStatusPass(database, now)).toMatchObject({ ran: true, statisticsPurged: 1 });
    const left = await database.db.selectFrom('agentStatistics').select('agentId').execute();
    expect(left).toHaveLength(1);
  });

  it('runs one pass at a time: in the process, and on one controller of a PostgreSQL database', async () => {
    const { database } = await setup();
    const scheduler = startStatusScheduler(database, {
      leadership: soleLeader,
      intervalSeconds: 3600,
      logger: silentLogger,
      onChanged: () => undefined,
    });
    const [first, second] = await Promise.all([scheduler.tick(), scheduler.tick()]);
    await scheduler.stop();
    expect(first.ran).toBe(true);
    expect(second).toEqual({ ran: false, reason: 'busy' });
    if (engine === 'postgres') await twoControllersOnePostgres();
  });
});

/** Two controllers on one database: one leads and runs the pass; a pass in progress elsewhere blocks another. */
async function twoControllersOnePostgres() {
  const target = await freshDatabaseTarget();
  const handles = await Promise.all([0, 1].map(() => connectDatabase(target, { caCert: undefined, noVerify: false })));
  try {
    await migrateToLatest(handles[0]!.db, 'postgres');
    await ensureDefaultRule(handles[0]!.db);
    const leaderships = handles.map((handle) => startLeadership(handle, silentLogger, { retryMs: 100 }));
    try {
      for (let i = 0; i < 100 && !leaderships.some((l) => l.isLeader()); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(leaderships.filter((l) => l.isLeader())).toHaveLength(1);
      const results = await Promise.all(
        handles.map((handle, i) => {
          const scheduler = startStatusScheduler(handle, {
            leadership: leaderships[i]!,
            intervalSeconds: 3600,
            logger: silentLogger,
            onChanged: () => undefined,
          });
          return scheduler.tick().finally(() => scheduler.stop());
        }),
      );
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      expect(results.filter((r) => !r.ran)).toEqual([{ ran: false, reason: 'standby' }]);
      // Even a controller that believes it leads waits while another pass holds the lock.
      await handles[1]!.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${0x7e1e_5c4})`.execute(trx);
        expect(await runStatusPass(handles[0]!)).toEqual({ ran: false, reason: 'busy' });
      });
      expect((await runStatusPass(handles[0]!)).ran).toBe(true);
    } finally {
      await Promise.all(leaderships.map((l) => l.stop()));
    }
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}
