import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeSelfSignedCertificate } from './certificates.js';
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

  it('reads a rotated certificate again on SIGHUP, keeping open connections, and keeps the old one if the new is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-rotate-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    const issue = (name: string) => writeSelfSignedCertificate({ cert, key }, name);
    issue('first');
    const [port, heartbeatPort] = [await freePort(), await freePort()];
    const run = launch([
      '--port',
      String(port),
      '--heartbeat-port',
      String(heartbeatPort),
      '--no-interactive',
      '--ssl-cert',
      cert,
      '--ssl-key',
      key,
    ]);
    /** The name on the certificate the server showed, and the client port of the connection. */
    const ask = (agent: Agent) =>
      new Promise<{ name: string; port: number; status: number }>((resolve, reject) => {
        const outgoing = httpsRequest({
          host: '127.0.0.1',
          port,
          path: '/health/live',
          agent,
          rejectUnauthorized: false,
        });
        outgoing.on('response', (response) => {
          const socket = response.socket as TLSSocket;
          const answer = {
            name: String(socket.getPeerCertificate().subject?.CN),
            port: socket.localPort!,
            status: response.statusCode!,
          };
          response.resume();
          response.on('end', () => resolve(answer));
        });
        outgoing.on('error', reject).end();
      });
    const fresh = () => ask(new Agent({ keepAlive: false }));
    const kept = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await waitFor(async () => (await fresh()).status === 200, 'the HTTPS listener');
      const before = await ask(kept);
      expect(before.name).toBe('first');
      issue('second');
      run.child.kill('SIGHUP');
      await waitFor(async () => (await fresh()).name === 'second', 'the rotated certificate');
      const after = await ask(kept);
      expect(after).toEqual({ name: 'first', port: before.port, status: 200 });
      writeFileSync(cert, 'not a certificate');
      run.child.kill('SIGHUP');
      await waitFor(async () => run.output().stdout.includes('the certificate was not reloaded'), 'the refusal');
      expect(await fresh()).toMatchObject({ name: 'second', status: 200 });
    } finally {
      kept.destroy();
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  });
});
