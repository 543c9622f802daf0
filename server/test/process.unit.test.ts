import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';

const BIN = fileURLToPath(new URL('../bin/telegraf-controller.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function launch(args: string[]) {
  if (!existsSync(DIST)) throw new Error('server/dist is missing: run "npm run build" first (npm test does)');
  const home = mkdtempSync(join(tmpdir(), 'tc-home-'));
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the telegraf-controller command', () => {
  it('starts on the default SQLite file, serves both listeners, and exits 0 on SIGTERM', async () => {
    const [port, heartbeatPort] = [await freePort(), await freePort()];
    const run = launch(['--port', String(port), '--heartbeat-port', String(heartbeatPort), '--no-interactive']);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/live`)).ok, 'the API listener');
    expect((await fetch(`http://127.0.0.1:${heartbeatPort}/health`)).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const { stdout, stderr } = run.output();
    expect(stderr).toBe('');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; level: number });
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['telegraf-controller is listening', 'shutting down', 'stopped']),
    );
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('exits 2 with one line for a bad option, before touching anything', async () => {
    const run = launch(['--port', 'eighty']);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toBe(
      'telegraf-controller: --port/APP_PORT must be a whole number from 1 to 65535 (got "eighty")\n',
    );
  });
});
