import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { PASSWORD, callerWithRole, createConfig, createToken, createUser, type Caller } from './factories.js';
import { createTestApp, engine } from './harness.js';

/** Every action the issue lists leaves its entry: each test drives the routes and reads the log back. */
async function entries(app: FastifyInstance, reader: Caller, action: string): Promise<AuditEntry[]> {
  const answer = await app.inject({ method: 'GET', url: `/api/audit-logs?action=${action}`, headers: reader.headers });
  expect(answer.statusCode).toBe(200);
  return answer.json().items;
}

describe(`audited actions on ${engine}`, () => {
  it('sign-in, a refused sign-in and sign-out, with who, from where and how', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const user = await createUser(database, 'viewer', { username: 'vera' });
    const login = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'user-agent': 'audit-test/1.0' },
        payload: { username: 'vera', password },
      });
    expect((await login('wrong')).statusCode).toBe(401);
    const good = await login(PASSWORD);
    const cookie = String(good.headers['set-cookie']).split(';')[0]!;
    await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest' },
    });

    const logins = (await entries(app, owner, 'user.login')).filter(
      (entry) => entry.actor.name === 'vera' || entry.target?.id === user.id,
    );
    expect(logins.map((entry) => entry.outcome)).toEqual(['success', 'failure']);
    expect(logins[0]).toMatchObject({
      actor: { type: 'user', id: user.id, name: 'vera' },
      target: { type: 'user', id: user.id },
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      details: { provider: 'local' },
    });
    expect(logins[1]).toMatchObject({
      actor: { id: null, name: 'vera' },
      details: { provider: 'local', reason: 'invalid_credentials' },
    });
    const [logout] = await entries(app, owner, 'user.logout');
    expect(logout).toMatchObject({ actor: { type: 'user', id: user.id }, outcome: 'success' });
  });

  it('configurations: create, update with the TOML diff, rollback, notes, prune, delete and bulk delete', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const token = await createToken(app, owner, { permissions: ['configs:read', 'configs:write', 'configs:delete'] });
    const byToken = { user: owner.user, headers: { authorization: token.authorization } };
    const config = await createConfig(app, byToken, { toml: '[agent]\n  interval = "10s"\n' });
    const call = (method: 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
    expect(
      (await call('PATCH', `/api/configs/${config.id}`, { toml: '[agent]\n  interval = "20s"\n', name: 'renamed' }))
        .statusCode,
    ).toBe(200);
    expect((await call('POST', `/api/configs/${config.id}/versions/1/rollback`)).statusCode).toBe(200);
    expect((await call('PATCH', `/api/configs/${config.id}/versions/2`, { note: 'why' })).statusCode).toBe(200);
    expect((await call('DELETE', `/api/configs/${config.id}/versions?versions=1`)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/configs/${config.id}`)).statusCode).toBe(204);
    const [a, b] = [await createConfig(app, owner), await createConfig(app, owner)];
    expect((await call('POST', '/api/configs/bulk/delete', { ids: [a.id, b.id] })).statusCode).toBe(200);

    const [created] = (await entries(app, owner, 'config.create')).filter((entry) => entry.target?.id === config.id);
    expect(created).toMatchObject({
      actor: { type: 'token', id: token.id, tokenOwnerId: owner.user.id },
      target: { type: 'config', id: config.id, name: config.name },
      details: { version: 1 },
    });
    const [updated] = await entries(app, owner, 'config.update');
    expect(updated!.details).toMatchObject({ name: { from: config.name, to: 'renamed' }, version: 2 });
    expect(updated!.details.diff).toContain('-  interval = "10s"\n+  interval = "20s"');
    expect((await entries(app, owner, 'config.rollback'))[0]!.details).toMatchObject({ version: 3 });
    expect((await entries(app, owner, 'config.version.note'))[0]!.details).toEqual({
      version: 2,
      note: { from: null, to: 'why' },
    });
    expect((await entries(app, owner, 'config.version.prune'))[0]!.details).toEqual({ versions: [1] });
    const deleted = await entries(app, owner, 'config.delete');
    expect(deleted.map((entry) => entry.target?.id).sort()).toEqual([config.id, a.id, b.id].sort());
    expect(JSON.stringify(await entries(app, owner, 'config.create'))).not.toContain(token.token);
    expect((await app.inject({ method: 'GET', url: '/api/audit-logs/verify', headers: owner.headers })).json().ok).toBe(
      true,
    );
  });
});
