import { Writable } from 'node:stream';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { DatabaseTarget } from '../src/options.js';
import { engine, freshDatabaseTarget } from './harness.js';
import { adminUrl } from './postgres-urls.js';
import { startTestController } from './test-controller.js';

/** A configuration large enough that storing it must grow the database. */
const bulkyConfig = (name: string) => ({ name, toml: `# ${'x'.repeat(200_000)}\n[[inputs.cpu]]\n` });

/**
 * Makes the database refuse writes while it still answers reads, as a bad day does, and `allow()` undoes it.
 * SQLite: the disk is full (`max_page_count` at the file's size, on both of the controller's connections: it belongs
 * to each connection). PostgreSQL: the database turns read-only, as a standby does after a failover, and the
 * controller's sessions are cut, as a failover cuts them.
 */
async function refuseWrites(target: DatabaseTarget, database: DatabaseHandle) {
  if (target.engine === 'sqlite') {
    const limit = async (pages: number) => {
      await sql.raw(`pragma max_page_count = ${pages}`).execute(database.db);
      await database.write([CompiledQuery.raw(`pragma max_page_count = ${pages}`)]);
    };
    await sql`vacuum`.execute(database.db); // no free pages left to fill
    const [size] = await database.write([CompiledQuery.raw('pragma page_count')]);
    await limit(Number(size!.rows[0]!.page_count));
    return { words: 'database or disk is full', allow: () => limit(1_073_741_823) };
  }
  const name = new URL(target.url).pathname.slice(1);
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(statement);
      await client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
    } finally {
      await client.end();
    }
  };
  await admin(`alter database ${name} set default_transaction_read_only = on`);
  return {
    words: 'read-only transaction',
    allow: () => admin(`alter database ${name} set default_transaction_read_only = off`),
  };
}

describe(`a database that refuses writes on ${engine}`, () => {
  it('one log line, 503 readiness and answers, heartbeats kept and written once writes succeed again', async () => {
    const target = await freshDatabaseTarget();
    const lines: Array<{ level: number; msg: string; err?: { message?: string } }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const { controller, api, beat, stored, heartbeatHealth } = await startTestController(
      target,
      { databaseTimeoutSeconds: 2 },
      pino({ level: 'info' }, sink),
    );
    const ready = async () => (await api('/health/ready')).status;
    const total = async () => (await (await api('/api/agents?limit=1')).json()).total as number;
    expect((await beat('before')).status).toBe(202);
    await expect.poll(() => stored('before'), { timeout: 10_000 }).toBe(true);

    const { words, allow } = await refuseWrites(target, controller.database);
    for (let i = 0; i < 300; i += 1) expect((await beat(`while-refused-${i}`)).status).toBe(202);
    await expect.poll(ready, { timeout: 15_000 }).toBe(503);
    expect(await heartbeatHealth()).toBe(503);
    expect((await api('/health/live')).status).toBe(200);
    const refused = await api('/api/configs', { method: 'POST', body: bulkyConfig('no-room') });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await refused.json()).code).toBe('not_ready');
    // Reads go on.
    await expect.poll(async () => (await api('/api/agents/before')).status, { timeout: 10_000 }).toBe(200);
    // However many flushes and requests fail meanwhile, the cause is logged once, in the database's own words
    // (one error line, from the heartbeat writes; the 503 answers add at most one warning a minute, with no stack).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const told = lines.filter((line) => `${line.msg} ${line.err?.message ?? ''}`.includes(words));
    expect(told.filter((line) => line.level >= 50)).toHaveLength(1);
    expect(told[0]!.msg).toMatch(/^the database refuses writes \(.+\); heartbeats stay buffered$/);
    expect(told.filter((line) => line.level === 40).length).toBeLessThanOrEqual(1);
    expect(told.filter((line) => line.level === 40 && 'err' in line)).toEqual([]);

    // Writes allowed again: everything resumes by itself, every heartbeat taken in meanwhile is stored.
    await allow();
    await expect.poll(ready, { timeout: 15_000 }).toBe(200);
    await expect.poll(total, { timeout: 15_000 }).toBe(301);
    expect((await api('/api/configs', { method: 'POST', body: bulkyConfig('room-again') })).status).toBe(201);
    expect(lines.some((line) => line.msg === 'the database takes writes again')).toBe(true);
  }, 60_000);
});
