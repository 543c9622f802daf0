import { describe, expect, it } from 'vitest';
import type { Options } from '../options.js';
import { callerWithRole, PASSWORD } from '../../test/factories.js';
import { createTestApp, engine } from '../../test/harness.js';

async function setup(options: Partial<Options>) {
  const context = await createTestApp({ options });
  const owner = await callerWithRole(context.app, context.database, 'owner');
  return { ...context, owner };
}

describe(`origins with the UI on its own port on ${engine}`, () => {
  const options = { uiPort: 5555, publicUiPort: 443, publicUiUrl: 'https://ui.example.com' };

  it("accepts cross-origin calls from the request's own host on the UI ports and PUBLIC_UI_URL, from no other host", async () => {
    const { app } = await setup(options);
    const cors = async (origin: string, host = 'ctl.example.com:8888') =>
      (await app.inject({ method: 'GET', url: '/api/auth/status', headers: { origin, host } })).headers[
        'access-control-allow-origin'
      ];
    expect(await cors('http://ctl.example.com:5555')).toBe('http://ctl.example.com:5555');
    expect(await cors('https://ui.example.com')).toBe('https://ui.example.com');
    expect(await cors('http://evil.example:5555')).toBeUndefined();
    expect(await cors('http://ctl.example.com:5556')).toBeUndefined();
    expect(await cors('https://ctl.example.com:5555')).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/configs',
      headers: { origin: 'http://evil.example:5555', host: 'ctl.example.com:8888' },
    });
    expect(preflight.statusCode).toBe(403);
  });

  it('lets a session write only from those origins', async () => {
    const { app, owner } = await setup(options);
    const write = (origin: string) =>
      app.inject({
        method: 'POST',
        url: '/api/labels',
        headers: { ...owner.headers, origin, host: 'ctl.example.com:8888' },
        payload: { name: `from ${origin}` },
      });
    expect((await write('http://ctl.example.com:5555')).statusCode).toBe(201);
    expect((await write('https://ui.example.com')).statusCode).toBe(201);
    expect((await write('http://ctl.example.com:8888')).statusCode).toBe(201);
    const refused = await write('http://evil.example:5555');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('csrf_failed');
  });
});

describe(`behind a TLS-terminating proxy on ${engine}`, () => {
  const forwarded = {
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'ctl.example.com',
    'x-forwarded-for': '198.51.100.23',
  };

  it('believes X-Forwarded-* from a trusted proxy: Secure cookie, origin check, client address', async () => {
    const { app, database } = await setup({ trustProxy: { addresses: ['loopback'] } });
    const admin = await callerWithRole(app, database, 'administrator');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: forwarded,
      payload: { username: admin.user.username, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const write = await app.inject({
      method: 'POST',
      url: '/api/labels',
      headers: { ...forwarded, cookie, 'x-requested-with': 'XMLHttpRequest', origin: 'https://ctl.example.com' },
      payload: { name: 'through the proxy' },
    });
    expect(write.statusCode).toBe(201);
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie, 'x-requested-with': 'XMLHttpRequest' },
        payload: { name: 'proxied', preset: 'read-only' },
      })
    ).json();
    await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { ...forwarded, authorization: `Bearer ${token.token}` },
    });
    const shown = await app.inject({ method: 'GET', url: `/api/tokens/${token.id}`, headers: { cookie } });
    expect(shown.json().lastUsedFrom).toBe('198.51.100.23');
  });

  it('ignores X-Forwarded-* from anyone it does not trust', async () => {
    const { app, database } = await setup({});
    const admin = await callerWithRole(app, database, 'administrator');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: forwarded,
      payload: { username: admin.user.username, password: PASSWORD },
    });
    expect(String(login.headers['set-cookie'])).not.toMatch(/Secure/);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const write = await app.inject({
      method: 'POST',
      url: '/api/labels',
      headers: { ...forwarded, cookie, 'x-requested-with': 'XMLHttpRequest', origin: 'https://ctl.example.com' },
      payload: { name: 'spoofed' },
    });
    expect(write.statusCode).toBe(403);
  });
});

describe(`signing in under attack on ${engine}`, () => {
  it('counts wrong passwords sent in parallel, each one', async () => {
    const { app, database } = await setup({});
    const victim = await callerWithRole(app, database, 'manager');
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `203.0.113.${i + 1}`,
          payload: { username: victim.user.username, password: `wrong ${i}` },
        }),
      ),
    );
    expect(attempts.map((a) => a.statusCode).sort()).toContain(423);
    const right = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '203.0.113.99',
      payload: { username: victim.user.username, password: PASSWORD },
    });
    expect(right.statusCode).toBe(423);
  });

  it('answers an unknown name exactly as a real one, lockout included', async () => {
    const { app, database } = await setup({});
    const real = await callerWithRole(app, database, 'viewer');
    const codes = async (username: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const answer = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `192.0.2.${i + 10}`,
          payload: { username, password: 'not it' },
        });
        seen.push(`${answer.statusCode} ${answer.json().code}`);
      }
      return seen;
    };
    expect(await codes('no-such-person')).toEqual(await codes(real.user.username));
  });
});
