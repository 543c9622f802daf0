import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../src/controller.js';
import { KEEP_ALIVE_MS } from '../src/http/fastify.js';
import type { Options } from '../src/options.js';
import { authenticator, clearOfTotpStepEdge } from './authenticator.js';
import { writeSelfSignedCertificate } from './certificates.js';
import { engine, freshDatabaseTarget, releaseAfterTest, silentLogger, testOptions } from './harness.js';

function portOf(app: FastifyInstance): number {
  return (app.server.address() as AddressInfo).port;
}

function webRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'tc-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head></head><body>shell</body></html>');
  writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
  return root;
}

async function start(overrides: Partial<Options> = {}): Promise<RunningController> {
  const controller = await startController(
    testOptions({ database: await freshDatabaseTarget(), ...overrides }),
    silentLogger,
    { webRoot: webRoot() },
  );
  releaseAfterTest(() => controller.close());
  return controller;
}

describe(`the controller process on ${engine}`, () => {
  it('serves the API and UI on one listener and heartbeats on another', async () => {
    const { listeners } = await start();
    const api = `http://127.0.0.1:${portOf(listeners.api)}`;
    const heartbeat = `http://127.0.0.1:${portOf(listeners.heartbeat)}`;
    expect(portOf(listeners.api)).not.toBe(portOf(listeners.heartbeat));

    expect(await (await fetch(`${api}/health/live`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${heartbeat}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${heartbeat}/health/live`)).status).toBe(404);

    const deepLink = await fetch(`${api}/agents/some-agent`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('shell');
    expect(listeners.ui).toBeUndefined();
  });

  it('keeps idle connections for at least 75 s and bounds heartbeat bodies at 1 MiB', async () => {
    const { listeners } = await start();
    expect(KEEP_ALIVE_MS).toBeGreaterThanOrEqual(75_000);
    expect(listeners.heartbeat.server.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
    expect(listeners.api.server.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
    expect(listeners.heartbeat.initialConfig.bodyLimit).toBe(1024 * 1024);
  });

  it('migrates an empty database at start-up and keeps its data across restarts', async () => {
    const database = await freshDatabaseTarget();
    const first = await startController(testOptions({ database }), silentLogger, { webRoot: webRoot() });
    const before = await first.database.db.selectFrom('reportingRules').select('id').execute();
    await first.close();
    const second = await startController(testOptions({ database }), silentLogger, { webRoot: webRoot() });
    releaseAfterTest(() => second.close());
    const after = await second.database.db.selectFrom('reportingRules').select('id').execute();
    expect(before).toHaveLength(1);
    expect(after).toEqual(before);
  });

  it('a restart with a new SESSION_SECRET and SESSION_SECRET_PREVIOUS keeps second factors working', async () => {
    const database = await freshDatabaseTarget();
    const [first, second, third] = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)] as const;
    const owner = { ownerUsername: 'rotor', ownerEmail: 'rotor@example.test', ownerPassword: 'rotor password' };
    const run = async (sessionSecret: string, sessionSecretPrevious?: string) => {
      const controller = await startController(
        testOptions({ database, ...owner, sessionSecret, sessionSecretPrevious }),
        silentLogger,
        { webRoot: webRoot() },
      );
      const base = `http://127.0.0.1:${portOf(controller.listeners.api)}`;
      const login = (code?: string) =>
        fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'rotor', password: 'rotor password', ...(code ? { code } : {}) }),
        });
      return { controller, base, login };
    };
    const before = await run(first);
    const cookie = (await before.login()).headers.get('set-cookie')!.split(';')[0]!;
    const call = async (path: string, body: object) =>
      (
        await fetch(`${before.base}${path}`, {
          method: 'POST',
          headers: { cookie, 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json();
    const { secret } = await call('/api/account/second-factor/enrolment', { password: 'rotor password' });
    const app = authenticator(secret);
    await clearOfTotpStepEdge();
    await call('/api/account/second-factor/confirmation', { code: app.code(-1) });
    await before.controller.close();

    const rotated = await run(second, first);
    expect((await rotated.login(app.code())).status).toBe(200);
    await rotated.controller.close();
    const unknown = await run(third);
    releaseAfterTest(() => unknown.controller.close());
    const refused = await unknown.login(app.code(1));
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('second_factor_unreadable');
  });

  it('controllers on one database serve each other’s changes to tokens, configurations and agents', async () => {
    const database = await freshDatabaseTarget();
    const owner = `tc-apiv1_${'7'.repeat(64)}`;
    const first = await startController(
      testOptions({
        database,
        ownerUsername: 'owner',
        ownerEmail: 'owner@example.test',
        ownerPassword: 'owner-password-1',
        ownerToken: owner,
      }),
      silentLogger,
      { webRoot: webRoot() },
    );
    releaseAfterTest(() => first.close());
    // On PostgreSQL a second controller; SQLite holds one controller, which must see its own changes alike.
    const second =
      engine === 'postgres'
        ? await startController(testOptions({ database }), silentLogger, { webRoot: webRoot() })
        : first;
    if (second !== first) releaseAfterTest(() => second.close());
    const [api1, api2] = [first, second].map(({ listeners }) => `http://127.0.0.1:${portOf(listeners.api)}`);
    const beats2 = `http://127.0.0.1:${portOf(second.listeners.heartbeat)}/agents/heartbeat`;
    const call = async (url: string, method: string, body?: unknown, token = owner) => {
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    };

    const config = JSON.parse(
      (await call(`${api1}/api/configs`, 'POST', { name: 'shared', toml: '[agent]\n  interval = "10s"\n' })).text,
    ) as { id: string };
    const reader = JSON.parse(
      (await call(`${api1}/api/tokens`, 'POST', { name: 'reader', permissions: ['configs:read'] })).text,
    ) as { id: string; token: string };
    const toml = `${api2}/api/configs/${config.id}/toml`;
    // The second controller caches the reader's token and the rendered TOML.
    expect(await call(toml, 'GET', undefined, reader.token)).toMatchObject({ status: 200, text: /"10s"/ });
    expect(await call(toml, 'GET', undefined, reader.token)).toMatchObject({ status: 200, text: /"10s"/ });

    const edited = await call(`${api1}/api/configs/${config.id}`, 'PATCH', { toml: '[agent]\n  interval = "20s"\n' });
    expect(edited.status).toBe(200);
    // Notices between controllers and heartbeat writes (every 250 ms) take a moment; polls wait up to 5 s.
    const settled = { timeout: 5000 };
    await expect.poll(async () => (await call(toml, 'GET', undefined, reader.token)).text, settled).toMatch(/"20s"/);

    // An agent deleted through the first controller gets its config link back from its next heartbeat on the second.
    const beat = JSON.stringify({ id: 'shared-agent', version: 'Telegraf 1.37.0', configurations: [toml] });
    const send = () =>
      fetch(beats2, {
        method: 'POST',
        headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
        body: beat,
      });
    const links = async () => {
      const agent = await call(`${api1}/api/agents/shared-agent`, 'GET');
      return agent.status === 200 ? (JSON.parse(agent.text) as { configs: unknown[] }).configs.length : 0;
    };
    expect((await send()).status).toBe(202);
    await expect.poll(links, settled).toBe(1);
    expect((await call(`${api1}/api/agents/shared-agent`, 'DELETE')).status).toBe(204);
    await expect
      .poll(async () => {
        await send();
        return links();
      }, settled)
      .toBe(1);

    expect((await call(`${api1}/api/tokens/${reader.id}/revoke`, 'POST')).status).toBe(200);
    await expect.poll(async () => (await call(toml, 'GET', undefined, reader.token)).status, settled).toBe(401);
  });

  it('serves the UI alone on --ui-port and tells it where the API is', async () => {
    const { listeners } = await start({ uiPort: 0, publicApiUrl: 'https://api.example.test' });
    const ui = `http://127.0.0.1:${portOf(listeners.ui!)}`;
    const page = await fetch(`${ui}/configs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<meta name="tc-api-base" content="https://api.example.test">');
    expect((await fetch(`${ui}/health/live`)).status).toBe(404);
  });

  it('serves HTTPS on every listener when a certificate and key are given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-tls-'));
    writeSelfSignedCertificate({ cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') }, 'localhost');
    const { readFileSync } = await import('node:fs');
    const tls = { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
    const { listeners } = await start({ tls });
    for (const [app, path] of [
      [listeners.api, '/health/live'],
      [listeners.heartbeat, '/health'],
    ] as const) {
      const body = await new Promise<string>((resolve, reject) => {
        httpsRequest({ host: '127.0.0.1', port: portOf(app), path, rejectUnauthorized: false }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
    }
  });
});
