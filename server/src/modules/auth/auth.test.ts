import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { PASSWORD, createUser, signIn } from '../../../test/factories.js';

const OWNER = { username: 'first-owner', email: 'owner@example.test', password: 'a sound password' };

describe(`setup and sign-in on ${engine}`, () => {
  it('creates the owner once through the setup route, then refuses with owner_exists', async () => {
    const { app } = await createTestApp();
    expect((await app.inject({ method: 'GET', url: '/api/auth/status' })).json()).toEqual({
      setupRequired: true,
      providers: ['local'],
    });
    const created = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: OWNER });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'first-owner', role: 'owner', status: 'active' });
    expect(created.body).not.toContain('argon2');
    expect((await app.inject({ method: 'GET', url: '/api/auth/status' })).json().setupRequired).toBe(false);
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { ...OWNER, username: 'x-y-z' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('owner_exists');
  });

  it('names the field and the rule for bad setup input', async () => {
    const { app } = await createTestApp();
    const short = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...OWNER, username: 'ab' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([{ pointer: '/username', message: 'must NOT have fewer than 3 characters' }]);
    const email = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...OWNER, email: 'nope' } });
    expect(email.json().errors[0]).toMatchObject({ pointer: '/email' });
    const weak = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...OWNER, password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      code: 'password_too_weak',
      errors: [{ pointer: '/password', message: 'needs at least 8 characters (password complexity: low)' }],
    });
  });

  it('applies each password complexity level exactly', async () => {
    const { app, database } = await createTestApp();
    const cases: Array<['low' | 'medium' | 'high', string, boolean]> = [
      ['low', '1234567', false],
      ['low', '12345678', true],
      ['medium', 'Abcdefgh1', false],
      ['medium', 'abcdefghi1', false],
      ['medium', 'Abcdefghi1', true],
      ['high', 'Abcdefghij12', false],
      ['high', 'Abcdefghi1!', false],
      ['high', 'Abcdefghij1!', true],
    ];
    for (const [level, password, ok] of cases) {
      await database.db.updateTable('settings').set({ passwordComplexity: level }).execute();
      const response = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...OWNER, password } });
      expect(response.statusCode, `${level} ${password}: ${response.body}`).toBe(ok ? 201 : 400);
      if (ok) await database.db.deleteFrom('users').execute();
    }
  });

  it('signs in by username or email regardless of case, and refuses a wrong password without saying which part', async () => {
    const { app, database } = await createTestApp();
    const user = await createUser(database, 'viewer', { username: 'Casey', email: 'casey@example.test' });
    for (const login of ['casey', 'CASEY', 'Casey@Example.test']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: login, password: PASSWORD },
      });
      expect(response.statusCode, login).toBe(200);
      expect(response.json()).toMatchObject({ user: { id: user.id, role: 'viewer' }, via: 'session' });
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^tc_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=86400$/);
    }
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'casey', password: 'nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('locks an account after the configured failures, tells how long, and unlocks after the lockout', async () => {
    const { app, database } = await createTestApp({ options: { loginLockoutAttempts: 3, loginLockoutMinutes: 10 } });
    const user = await createUser(database, 'manager');
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password } });
    expect((await attempt('wrong-1')).statusCode).toBe(401);
    expect((await attempt('wrong-2')).statusCode).toBe(401);
    const third = await attempt('wrong-3');
    expect(third.statusCode).toBe(423);
    expect(third.json()).toMatchObject({ code: 'account_locked', retryAfter: 600 });
    expect(third.headers['retry-after']).toBe('600');
    const right = await attempt(PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().detail).toMatch(/locked for 10 more minutes/);
    await database.db
      .updateTable('users')
      .set({ lockedUntil: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', user.id)
      .execute();
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('a successful sign-in resets the failure count', async () => {
    const { app, database } = await createTestApp({ options: { loginLockoutAttempts: 2 } });
    const user = await createUser(database, 'manager');
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password } });
    expect((await attempt('wrong')).statusCode).toBe(401);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    expect((await attempt('wrong')).statusCode).toBe(401);
  });

  it('limits failed sign-ins per address and username, more loosely per address, and never counts successes', async () => {
    const { app, database } = await createTestApp();
    const login = (username: string, password: string, remoteAddress = '203.0.113.9') =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login('ghost', 'x')).statusCode);
    // The lockout answers 423 after 5 failures, for unknown names as for real ones; the limiter 429 after 10.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4, 10).every((status) => status === 423)).toBe(true);
    expect(statuses[10]).toBe(429);
    for (let i = 0; i < 40; i++) expect((await login(`ghost-${i}`, 'x')).statusCode).toBe(401);
    expect((await login('ghost-x', 'x')).statusCode).toBe(429);
    expect((await login('ghost', 'x', '203.0.113.10')).statusCode).toBe(423);
    expect((await login('ghost-y', 'x', '203.0.113.10')).statusCode).toBe(401);
    const user = await createUser(database, 'manager');
    for (let i = 0; i < 30; i++) expect((await login(user.username, PASSWORD, '203.0.113.11')).statusCode).toBe(200);
  });
});

describe(`sessions on ${engine}`, () => {
  it('signing out ends the session', async () => {
    const { app, database } = await createTestApp();
    const user = await createUser(database, 'viewer');
    const headers = await signIn(app, user.username);
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('a forged or tampered cookie is not a session', async () => {
    const { app, database } = await createTestApp();
    const user = await createUser(database, 'viewer');
    const cookie = (await signIn(app, user.username)).cookie!;
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: tampered } })).statusCode).toBe(
      401,
    );
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'tc_session=abc.def' } })).statusCode,
    ).toBe(401);
  });

  it('ends a session after its idle time and after its absolute lifetime', async () => {
    const { app, database } = await createTestApp();
    const user = await createUser(database, 'viewer');
    const idle = await signIn(app, user.username);
    await database.db
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(Date.now() - 9 * 3600_000).toISOString() })
      .execute();
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: idle })).statusCode).toBe(401);
    const old = await signIn(app, user.username);
    await database.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: old })).statusCode).toBe(401);
    expect(await database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('refuses a cookie-authenticated write without the CSRF header or from another origin', async () => {
    const { app, database } = await createTestApp();
    const owner = await createUser(database, 'owner');
    const { cookie } = await signIn(app, owner.username);
    const payload = { loginLockoutAttempts: 7 };
    const bare = await app.inject({ method: 'PATCH', url: '/api/settings', headers: { cookie }, payload });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().code).toBe('csrf_failed');
    const foreign = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest', origin: 'https://evil.example', host: 'tc.local:8888' },
      payload,
    });
    expect(foreign.statusCode).toBe(403);
    const own = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest', origin: 'http://tc.local:8888', host: 'tc.local:8888' },
      payload,
    });
    expect(own.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/settings', headers: { cookie } })).statusCode).toBe(200);
  });

  it('serves the permission table to a signed-in user', async () => {
    const { app, database } = await createTestApp();
    const user = await createUser(database, 'viewer');
    const headers = await signIn(app, user.username);
    const table = (await app.inject({ method: 'GET', url: '/api/permissions', headers })).json();
    expect(table.roles.find((r: { role: string }) => r.role === 'viewer').permissions).toContain('configs:read');
    expect(table.resources.find((r: { resource: string }) => r.resource === 'heartbeat').actions).toEqual([
      'read',
      'write',
    ]);
  });
});
