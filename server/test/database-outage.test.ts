import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startController } from '../src/controller.js';
import type { Options } from '../src/options.js';
import { engine, freshDatabase, freshDatabaseTarget, releaseAfterTest, silentLogger, testOptions } from './harness.js';
import { adminUrl } from './postgres-urls.js';
import { startTcpProxy } from './tcp-proxy.js';
import { startTestController } from './test-controller.js';
import { freePort } from './free-port.js';

/** A controller whose PostgreSQL connections go through a proxy the test can cut, with 2 s database timeouts. */
async function controllerBehindProxy(overrides: Partial<Options> = {}) {
  const target = await freshDatabaseTarget();
  if (target.engine !== 'postgres') throw new Error('PostgreSQL only');
  const url = new URL(target.url);
  const proxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
  url.host = `127.0.0.1:${proxy.port}`;
  const running = await startTestController(
    { engine: 'postgres', url: url.toString() },
    { databaseTimeoutSeconds: 2, ...overrides },
  );
  return { proxy, ...running };
}

// A database outage is a network event: PostgreSQL only (SQLite's failures are its disk's).
describe.skipIf(engine !== 'postgres')('a PostgreSQL outage under load (postgres only)', () => {
  for (const outage of ['refuse', 'blackhole'] as const) {
    it(`stays up through a ${outage}d database: 503 answers and readiness, heartbeats kept and written after`, async () => {
      const { proxy, api, beat, stored } = await controllerBehindProxy();
      expect((await beat('before')).status).toBe(202);
      await expect.poll(() => stored('before'), { timeout: 10_000 }).toBe(true);

      proxy[outage]();
      await expect.poll(async () => (await api('/health/ready')).status, { timeout: 20_000 }).toBe(503);
      expect((await api('/health/live')).status).toBe(200);
      const answer = await api('/api/agents');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect((await answer.json()).code).toBe('not_ready');
      // Known agents and tokens are admitted from memory and kept in the buffer while the database is away.
      expect((await beat('before', 777)).status).toBe(202);

      proxy.restore();
      await expect.poll(async () => (await api('/health/ready')).status, { timeout: 20_000 }).toBe(200);
      expect((await beat('after')).status).toBe(202);
      await expect.poll(() => stored('after'), { timeout: 20_000 }).toBe(true);
      // The heartbeat taken in during the outage was written once the database came back.
      await expect
        .poll(async () => (await (await api('/api/agents/before')).json()).statistics?.metrics, { timeout: 20_000 })
        .toBe(777);
    }, 90_000);
  }

  it('bounds what waits: with the buffer full, heartbeats of further agents get 503 until the database is back', async () => {
    const { proxy, api, beat, stored } = await controllerBehindProxy({ heartbeatBufferAgents: 3 });
    // The token is known (cached) before the outage, as a running fleet's are.
    expect((await beat('kept-1')).status).toBe(202);
    await expect.poll(() => stored('kept-1'), { timeout: 10_000 }).toBe(true);
    proxy.refuse();
    await expect.poll(async () => (await api('/health/ready')).status, { timeout: 20_000 }).toBe(503);
    for (const id of ['kept-1', 'kept-2', 'kept-3']) expect((await beat(id)).status).toBe(202);
    const refused = await beat('turned-away');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await refused.json()).code).toBe('not_ready');
    // An agent already waiting replaces its heartbeat: the newest one is written.
    expect((await beat('kept-1', 42)).status).toBe(202);

    proxy.restore();
    await expect.poll(async () => (await api('/health/ready')).status, { timeout: 20_000 }).toBe(200);
    for (const id of ['kept-1', 'kept-2', 'kept-3']) {
      await expect.poll(() => stored(id), { timeout: 20_000 }).toBe(true);
    }
    expect(await stored('turned-away')).toBe(false);
    expect((await (await api('/api/agents/kept-1')).json()).statistics?.metrics).toBe(42);
    // Its next beat, an interval later, is taken in as usual.
    expect((await beat('turned-away')).status).toBe(202);
  }, 90_000);

  it('a session the server ends while a transaction holds it costs that transaction only, never the process', async () => {
    const database = await freshDatabase();
    releaseAfterTest(() => database.close());
    const endSession = async (pid: number) => {
      const admin = new pg.Client({ connectionString: adminUrl() });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]).finally(() => admin.end());
    };
    const cut = database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      // Ended between two statements, as a failover or an administrator does: the client hears of it while lent.
      await endSession(rows[0]!.pid);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sql`select 1`.execute(trx);
    });
    await expect(cut).rejects.toThrow();
    expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]!.one).toBe(1);
  });

  it('starts while PostgreSQL cannot be reached: live but not ready, then ready by itself once it can', async () => {
    const target = await freshDatabaseTarget();
    if (target.engine !== 'postgres') throw new Error('PostgreSQL only');
    const url = new URL(target.url);
    const proxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
    url.host = `127.0.0.1:${proxy.port}`;
    proxy.refuse();
    const port = await freePort();
    const starting = startController(
      testOptions({ database: { engine: 'postgres', url: url.toString() }, port, databaseTimeoutSeconds: 2 }),
      silentLogger,
      { webRoot: '/nonexistent' },
    );
    const at = (path: string) =>
      fetch(`http://127.0.0.1:${port}${path}`)
        .then((r) => r.status)
        .catch(() => 0);
    await expect.poll(() => at('/health/live'), { timeout: 20_000 }).toBe(200);
    expect(await at('/health/ready')).toBe(503);
    expect(await at('/api/agents')).toBe(503);

    proxy.restore();
    const controller = await starting;
    releaseAfterTest(() => controller.close());
    await expect.poll(() => at('/health/ready'), { timeout: 20_000 }).toBe(200);
  }, 90_000);
});
