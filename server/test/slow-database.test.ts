import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../src/options.js';
import { engine, freshDatabaseTarget } from './harness.js';
import { startTestController } from './test-controller.js';

/**
 * Another client takes the agents table for itself, as a long migration, a backup or a stuck session would, until
 * `release()`: on SQLite the write lock (readers go on, as WAL allows); on PostgreSQL an ACCESS EXCLUSIVE lock.
 */
async function lockAgentsTable(target: DatabaseTarget): Promise<() => Promise<void>> {
  if (target.engine === 'sqlite') {
    const other = new SQLite(target.file);
    other.exec("begin immediate; update agents set hostname = hostname where id = 'nobody'");
    return async () => {
      other.exec('rollback');
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: target.url });
  await other.connect();
  await other.query('begin');
  await other.query('lock table agents in access exclusive mode');
  return async () => {
    await other.query('rollback');
    await other.end();
  };
}

describe(`a slow database on ${engine}`, () => {
  it('a lock held on the agents table stalls neither the listeners nor memory: 503s, a bounded buffer, recovery', async () => {
    const target = await freshDatabaseTarget();
    const { api, beat, stored, heartbeatHealth } = await startTestController(target, {
      databaseTimeoutSeconds: 1,
      heartbeatBufferAgents: 20,
    });
    expect((await beat('known')).status).toBe(202);
    await expect.poll(() => stored('known'), { timeout: 10_000 }).toBe(true);

    const release = await lockAgentsTable(target);
    try {
      const taken = [];
      for (let i = 0; i < 20; i += 1) taken.push((await beat(`waiting-${i}`)).status);
      expect(taken.filter((status) => status !== 202)).toEqual([]);
      await expect.poll(async () => (await api('/health/ready')).status, { timeout: 15_000 }).toBe(503);
      expect(await heartbeatHealth()).toBe(503);
      // The listeners answer throughout: liveness, and a full buffer turns further agents away instead of growing.
      expect((await api('/health/live')).status).toBe(200);
      const refused = await beat('one-too-many');
      expect(refused.status).toBe(503);
      expect((await refused.json()).code).toBe('not_ready');
      // A write that needs the table answers 503 within the database timeout rather than hanging.
      const write = await api('/api/agents/known', { method: 'DELETE' });
      expect(write.status).toBe(503);
      expect(write.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await release();
    }
    await expect.poll(async () => (await api('/health/ready')).status, { timeout: 15_000 }).toBe(200);
    for (let i = 0; i < 20; i += 1) await expect.poll(() => stored(`waiting-${i}`), { timeout: 10_000 }).toBe(true);
    expect(await stored('one-too-many')).toBe(false);
  }, 60_000);
});
