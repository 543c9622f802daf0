import { describe, expect, it } from 'vitest';
import { engine, freshDatabaseTarget } from './harness.js';
import { startTestController } from './test-controller.js';

/** A controller on a SQLite file, so with its writer thread. */
async function controllerOnFile() {
  const running = await startTestController(await freshDatabaseTarget(), { databaseTimeoutSeconds: 1 });
  const total = async () => (await (await running.api('/api/agents?limit=1')).json()).total as number;
  return { ...running, total };
}

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
});
