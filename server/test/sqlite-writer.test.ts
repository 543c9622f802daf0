import { Writable } from 'node:stream';
import { CompiledQuery, sql } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { engine, freshDatabaseTarget } from './harness.js';
import { startTestController } from './test-controller.js';

/** A controller on a SQLite file (so with its writer thread), and every log line it writes. */
async function controllerOnFile() {
  const target = await freshDatabaseTarget();
  const lines: Array<{ level: number; msg: string; err?: { message?: string } }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const running = await startTestController(target, { databaseTimeoutSeconds: 1 }, pino({ level: 'info' }, sink));
  const total = async () => (await (await running.api('/api/agents?limit=1')).json()).total as number;
  const ready = async () => (await running.api('/health/ready')).status;
  return { ...running, lines, total, ready };
}

/** A configuration large enough that storing it must grow the database file. */
const bulkyConfig = (name: string) => ({ name, toml: `# ${'x'.repeat(200_000)}\n[[inputs.cpu]]\n` });

// The writer thread opens the database file itself; the harness's in-memory images cannot be shared with it.
describe.skipIf(engine !== 'sqlite')('the SQLite writer thread (sqlite only: a database file)', () => {
  it('writes heartbeat batches beside the main thread: both connections write at once, nothing is refused', async () => {
    const { api, beat, total } = await controllerOnFile();
    const agents = Array.from({ length: 400 }, (_, i) => `file-agent-${i}`);
    const senders = Array.from({ length: 8 }, async (_, s) => {
      const statuses: number[] = [];
      for (let i = s; i < agents.length; i += 8) statuses.push((await beat(agents[i]!)).status);
      return statuses;
    });
    const writers = Array.from({ length: 20 }, async (_, i) => {
      return (await api('/api/configs', { method: 'POST', body: { name: `file-config-${i}` } })).status;
    });
    const [beats, configs] = await Promise.all([Promise.all(senders), Promise.all(writers)]);
    expect(beats.flat().filter((status) => status !== 202)).toEqual([]);
    expect(configs.filter((status) => status !== 201)).toEqual([]);
    await expect.poll(total, { timeout: 15_000 }).toBe(400);
  });

  it('survives a full disk: one log line, 503 readiness and answers, heartbeats kept, all well once there is room', async () => {
    const { controller, api, beat, stored, total, ready, heartbeatHealth, lines } = await controllerOnFile();
    expect((await beat('before')).status).toBe(202);
    await expect.poll(() => stored('before'), { timeout: 10_000 }).toBe(true);

    // The disk is full: neither connection may grow the file (max_page_count belongs to each connection).
    const { db } = controller.database;
    await sql`vacuum`.execute(db); // no free pages left to fill
    const [size] = await controller.database.write([CompiledQuery.raw('pragma page_count')]);
    const pages = Number(size!.rows[0]!.page_count);
    const limit = (count: number) => `pragma max_page_count = ${count}`;
    await sql.raw(limit(pages)).execute(db);
    await controller.database.write([CompiledQuery.raw(limit(pages))]);

    for (let i = 0; i < 300; i += 1) expect((await beat(`while-full-${i}`)).status).toBe(202);
    await expect.poll(ready, { timeout: 10_000 }).toBe(503);
    expect(await heartbeatHealth()).toBe(503);
    expect((await api('/health/live')).status).toBe(200);
    const refused = await api('/api/configs', { method: 'POST', body: bulkyConfig('no-room') });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await refused.json()).code).toBe('not_ready');
    // Reads go on.
    expect((await api('/api/agents/before')).status).toBe(200);
    // However many flushes and requests fail meanwhile, the cause is logged once, in SQLite's own greppable words
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // (one error line, from the heartbeat writes; the 503 answers add at most one warning a minute, with no stack).
    const full = lines.filter((line) => `${line.msg} ${line.err?.message ?? ''}`.includes('database or disk is full'));
    expect(full.map((line) => line.level)).toEqual([50, 40]);
    expect(full[0]!.msg).toBe('the database refuses writes (database or disk is full); heartbeats stay buffered');
    expect(full[1]).not.toHaveProperty('err');

    // Room again: writes resume by themselves, every heartbeat taken in meanwhile is stored.
    await sql.raw(limit(1_073_741_823)).execute(db);
    await controller.database.write([CompiledQuery.raw(limit(1_073_741_823))]);
    await expect.poll(ready, { timeout: 10_000 }).toBe(200);
    await expect.poll(total, { timeout: 10_000 }).toBe(301);
    expect((await api('/api/configs', { method: 'POST', body: bulkyConfig('room-again') })).status).toBe(201);
    expect(lines.some((line) => line.msg === 'the database takes writes again')).toBe(true);
  });
});
