import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/connect.js';
import type { DatabaseTarget } from '../src/options.js';
import { engine, freshDatabaseTarget, releaseAfterTest } from './harness.js';
import { freePort } from './free-port.js';

const BIN = fileURLToPath(new URL('../bin/telegraf-controller.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const TOKEN = `tc-apiv1_${randomBytes(32).toString('hex')}`;
/** Heartbeats acknowledged this long before a kill must be stored: a few flush windows (250 ms each). */
const SAFE_MS = 1_000;
/** How long the load runs before the controller is stopped. */
const LOAD_MS = 2_500;

/** The controller as operators run it: its own process, on the test's database, with a bootstrap token. */
async function launch(target: DatabaseTarget) {
  if (!existsSync(DIST)) throw new Error('server/dist is missing: run "npm run build" first (npm test does)');
  const home = mkdtempSync(join(tmpdir(), 'tc-crash-'));
  releaseAfterTest(async () => rmSync(home, { recursive: true, force: true }));
  const [port, heartbeatPort] = [await freePort(), await freePort()];
  const database = target.engine === 'sqlite' ? target.file : target.url;
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--no-interactive', '--host', '127.0.0.1', '--port', String(port), '--heartbeat-port', String(heartbeatPort)]
      .concat(['--database', database, '--owner-username', 'crash-owner', '--owner-email', 'crash@example.com'])
      .concat(['--owner-password', 'crash-owner-password', '--owner-token', TOKEN, '--log-level', 'error']),
    { cwd: home, env: { PATH: process.env.PATH, HOME: home }, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  releaseAfterTest(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const ready = async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok === true;
  await expect.poll(ready, { timeout: 30_000, interval: 100 }).toBe(true);
  return { child, exited, heartbeatUrl: `http://127.0.0.1:${heartbeatPort}/agents/heartbeat` };
}

/**
 * Heartbeats of new agents (`crash-0`, `crash-1`, …) as fast as 32 senders manage, until `stop` says so: each
 * acknowledged one is kept with the time its 202 arrived.
 */
async function load(heartbeatUrl: string, stop: () => boolean): Promise<Map<string, number>> {
  const acknowledged = new Map<string, number>();
  let next = 0;
  const sender = async () => {
    while (!stop()) {
      const id = `crash-${next++}`;
      const answer = await fetch(heartbeatUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          version: 'Telegraf 1.39.3',
          schema: 1,
          statistics: { errors: 0, warnings: 0, metrics: 1 },
        }),
      }).catch(() => undefined);
      if (answer?.status === 202) acknowledged.set(id, Date.now());
      await answer?.arrayBuffer().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: 32 }, sender));
  return acknowledged;
}

async function storedAgents(target: DatabaseTarget): Promise<Set<string>> {
  const handle = await connectDatabase(target, { caCert: undefined, noVerify: false });
  try {
    const rows = await handle.db.selectFrom('agents').select('id').execute();
    return new Set(rows.map((row) => row.id));
  } finally {
    await handle.close();
  }
}

describe(`heartbeats across a crash and a clean stop on ${engine}`, () => {
  it('after kill -9 at full speed, every heartbeat acknowledged a few flush windows before is stored', async () => {
    const target = await freshDatabaseTarget();
    const first = await launch(target);
    let killedAt = Number.POSITIVE_INFINITY;
    const sending = load(first.heartbeatUrl, () => Date.now() >= killedAt);
    await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
    killedAt = Date.now();
    first.child.kill('SIGKILL');
    const acknowledged = await sending;
    await first.exited;

    // The controller starts again on what was left, and everything acknowledged in time is there.
    const second = await launch(target);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const stored = await storedAgents(target);
    const due = [...acknowledged].filter(([, at]) => at <= killedAt - SAFE_MS).map(([id]) => id);
    expect(due.length).toBeGreaterThan(100);
    expect(due.filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);

  it('after SIGTERM under load, every acknowledged heartbeat is stored', async () => {
    const target = await freshDatabaseTarget();
    const running = await launch(target);
    let stopping = false;
    const sending = load(running.heartbeatUrl, () => stopping);
    await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
    running.child.kill('SIGTERM');
    // Senders go on until the listener closes: what it still acknowledges must be written before it exits.
    expect(await running.exited).toBe(0);
    stopping = true;
    const acknowledged = await sending;
    const stored = await storedAgents(target);
    expect(acknowledged.size).toBeGreaterThan(100);
    expect([...acknowledged.keys()].filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);
});
