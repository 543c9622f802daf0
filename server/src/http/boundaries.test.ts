import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { callerWithRole } from '../../test/factories.js';
import { createTestApp, engine, releaseAfterTest, silentLogger } from '../../test/harness.js';
import { createListener } from './fastify.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function origin(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function call(base: string, path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = httpRequest(`${base}${path}`, { method: init.method ?? 'GET', headers: init.headers });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }),
      );
      response.on('error', reject);
    });
    outgoing.end();
  });
}

const listener = () =>
  createListener({
    logger: silentLogger,
    tls: undefined,
    bodyLimit: 1024,
    access: { authenticators: [], openGroups: [] },
    trustProxy: undefined,
    allowedHosts: undefined,
    securityHeaders: true,
  });

describe('the boundary of every listener', () => {
  it('an early answer that throws before its first byte leaves the request to the router', async () => {
    const app = listener();
    releaseAfterTest(() => app.close());
    app.answerEarly(() => () => {
      throw new Error('early answer broke');
    });
    app.get('/thing', { config: { access: 'public' } }, async () => ({ routed: true }));
    const base = await origin(app);
    const answer = await call(base, '/thing');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ routed: true });
  });

  it('an early answer that throws after its first byte ends that socket only', async () => {
    const app = listener();
    releaseAfterTest(() => app.close());
    app.answerEarly(() => (request, response) => {
      if (request.url !== '/half') return false;
      response.writeHead(200, { 'content-length': '10' });
      response.write('half');
      throw new Error('broke after the first byte');
    });
    app.get('/whole', { config: { access: 'public' } }, async () => ({ fine: true }));
    const base = await origin(app);
    await expect(call(base, '/half')).rejects.toThrow();
    expect((await call(base, '/whole')).status).toBe(200);
  });
});

describe(`hostile requests at the door on ${engine}`, () => {
  it('sends nosniff and no referrer with every answer where browsers come, and a policy with every page', async () => {
    const webAssets = new Map([
      [
        '/index.html',
        {
          body: Buffer.from('<!doctype html><head></head>'),
          type: 'text/html; charset=utf-8',
          etag: '"i"',
          immutable: false,
        },
      ],
    ]);
    const { app, database } = await createTestApp({ webAssets });
    const owner = await callerWithRole(app, database, 'owner');
    const api = await origin(app);
    for (const path of ['/health/live', '/api/nothing-here', '/api/configs', '/', '/configs', '/api/docs']) {
      const answer = await call(api, path, { headers: { cookie: owner.headers.cookie! } });
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['referrer-policy'], path).toBe('no-referrer');
      const page = String(answer.headers['content-type']).startsWith('text/html');
      expect(page, path).toBe(['/', '/configs', '/api/docs'].includes(path));
      if (page) {
        expect(answer.headers['x-frame-options'], path).toBe('DENY');
        expect(String(answer.headers['content-security-policy']), path).toContain("frame-ancestors 'none'");
      }
    }
  });

  it('answers only for ALLOWED_HOSTS when it is set, also behind a trusted proxy', async () => {
    const { app } = await createTestApp({
      options: { allowedHosts: ['ctl.example.com', '*.fleet.example', '127.0.0.1'], trustProxy: { hops: 1 } },
    });
    const base = await origin(app);
    expect((await call(base, '/health/live')).status).toBe(200);
    expect((await call(base, '/health/live', { headers: { host: 'ctl.example.com:8888' } })).status).toBe(200);
    expect((await call(base, '/health/live', { headers: { host: 'eu.fleet.example' } })).status).toBe(200);
    const refused = await call(base, '/health/live', { headers: { host: 'evil.example' } });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(refused.body).code).toBe('host_not_allowed');
    expect(refused.headers).toMatchObject({ 'x-content-type-options': 'nosniff', connection: 'close' });
    const forwarded = await call(base, '/health/live', { headers: { 'x-forwarded-host': 'evil.example' } });
    expect(forwarded.status).toBe(400);
  });

  it('takes malformed cookies, cursors, escapes and NULs as the client error they are, never a 500', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const base = await origin(app);
    const auth = { cookie: owner.headers.cookie!, 'x-requested-with': 'XMLHttpRequest' };
    const cases: Array<[string, Record<string, string>, number]> = [
      ['/api/auth/me', { cookie: 'tc_session=%' }, 401],
      ['/api/auth/me', { cookie: 'tc_session=%E0%A4%A' }, 401],
      ['/api/auth/status', { cookie: 'tc_session=%' }, 200],
      ['/api/configs?cursor=%25%25%25', auth, 400],
      [`/api/configs?cursor=${Buffer.from(JSON.stringify(['a\u0000', 'b'])).toString('base64url')}`, auth, 400],
      ['/api/configs/%00', auth, 400],
      ['/api/agents/%00', auth, 400],
      ['/api/agents?search=%00', auth, 400],
      ['/api/labels?search=a%00b', auth, 400],
      ['/api/configs/%ZZ/toml', auth, 400],
      [`/api/configs/${'a'.repeat(600)}`, auth, 404],
    ];
    for (const [path, headers, status] of cases) {
      const answer = await call(base, path, { headers });
      expect(answer.status, path).toBe(status);
      if (status >= 400) {
        expect(answer.headers['content-type'], path).toContain('application/problem+json');
        expect(JSON.parse(answer.body).status, path).toBe(status);
      }
    }
    const huge = await call(base, `/api/configs?search=${'x'.repeat(20_000)}`, { method: 'HEAD' });
    expect(huge.status).toBe(431);
    expect(huge.body).toBe('');
    const hugeGet = await call(base, `/api/configs?search=${'x'.repeat(20_000)}`);
    expect(hugeGet.status).toBe(431);
    expect(JSON.parse(hugeGet.body).code).toBe('headers_too_large');
  });

  it('never writes an invite or reset code to the logs, even at debug level', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { app, database } = await createTestApp({ logger: pino({ level: 'debug' }, sink) });
    const owner = await callerWithRole(app, database, 'owner');
    const issued = await app.inject({
      method: 'POST',
      url: '/api/invites',
      headers: owner.headers,
      payload: { username: 'someone', email: 'someone@example.test', role: 'viewer' },
    });
    const code = String(issued.json().url).split('/invite/')[1]!;
    expect((await app.inject({ method: 'GET', url: `/api/invites/accept/${code}` })).statusCode).toBe(200);
    const viewer = await callerWithRole(app, database, 'viewer');
    const reset = await app.inject({
      method: 'POST',
      url: `/api/users/${viewer.user.id}/password-reset`,
      headers: owner.headers,
      payload: {},
    });
    const resetCode = String(reset.json().url).split('/').at(-1)!;
    await app.inject({ method: 'GET', url: `/api/password-resets/complete/${resetCode}` });
    expect(lines.some((line) => line.includes('/api/invites/accept/:code'))).toBe(true);
    expect(lines.join('\n')).not.toContain(code);
    expect(lines.join('\n')).not.toContain(resetCode);
  });
});
