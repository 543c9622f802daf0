import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Role } from '@telegraf-controller/contract/permissions';
import type { DatabaseHandle } from '../../db/connect.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { createUser, signIn, team, type Caller } from '../../../test/factories.js';

const ROLES: Role[] = ['owner', 'administrator', 'manager', 'viewer'];

async function setup() {
  const { app, database } = await createTestApp();
  return { app, database, team: await team(app, database) };
}

async function call(app: FastifyInstance, caller: Caller, method: string, url: string, payload?: object) {
  return app.inject({ method: method as 'GET', url, headers: caller.headers, ...(payload ? { payload } : {}) });
}

/**
 * The capability table of platform.md §2.2, row by row, through the HTTP API. Each row acts on a fresh target so
 * one role's success does not change another role's case.
 */
describe(`the role capability table on ${engine}`, () => {
  const rows: Array<{
    capability: string;
    allowed: Role[];
    request: (ctx: {
      app: FastifyInstance;
      database: DatabaseHandle;
    }) => Promise<{ method: string; url: string; payload?: object }>;
    success: number;
  }> = [
    {
      capability: 'list users',
      allowed: ['owner', 'administrator'],
      request: async () => ({ method: 'GET', url: '/api/users' }),
      success: 200,
    },
    {
      capability: 'invite a Manager',
      allowed: ['owner', 'administrator'],
      request: async () => ({
        method: 'POST',
        url: '/api/invites',
        payload: {
          username: `new-${Math.random().toString(36).slice(2, 8)}`,
          email: `n${Math.random()}@x.test`,
          role: 'manager',
        },
      }),
      success: 201,
    },
    {
      capability: 'invite an Administrator',
      allowed: ['owner'],
      request: async () => ({
        method: 'POST',
        url: '/api/invites',
        payload: {
          username: `adm-${Math.random().toString(36).slice(2, 8)}`,
          email: `a${Math.random()}@x.test`,
          role: 'administrator',
        },
      }),
      success: 201,
    },
    {
      capability: 'issue a password-reset link for a Manager',
      allowed: ['owner', 'administrator'],
      request: async ({ database }) => ({
        method: 'POST',
        url: `/api/users/${(await createUser(database, 'manager')).id}/password-reset`,
        payload: {},
      }),
      success: 201,
    },
    {
      capability: 'issue a password-reset link for an Administrator',
      allowed: ['owner'],
      request: async ({ database }) => ({
        method: 'POST',
        url: `/api/users/${(await createUser(database, 'administrator')).id}/password-reset`,
        payload: {},
      }),
      success: 201,
    },
    {
      capability: 'change a role between Manager and Viewer',
      allowed: ['owner', 'administrator'],
      request: async ({ database }) => ({
        method: 'PATCH',
        url: `/api/users/${(await createUser(database, 'manager')).id}`,
        payload: { role: 'viewer' },
      }),
      success: 200,
    },
    {
      capability: 'grant the Administrator role',
      allowed: ['owner'],
      request: async ({ database }) => ({
        method: 'PATCH',
        url: `/api/users/${(await createUser(database, 'viewer')).id}`,
        payload: { role: 'administrator' },
      }),
      success: 200,
    },
    {
      capability: 'disable a Manager',
      allowed: ['owner', 'administrator'],
      request: async ({ database }) => ({
        method: 'POST',
        url: `/api/users/${(await createUser(database, 'manager')).id}/disable`,
      }),
      success: 200,
    },
    {
      capability: 'delete a Viewer',
      allowed: ['owner', 'administrator'],
      request: async ({ database }) => ({
        method: 'DELETE',
        url: `/api/users/${(await createUser(database, 'viewer')).id}`,
      }),
      success: 204,
    },
    {
      capability: 'delete an Administrator',
      allowed: ['owner'],
      request: async ({ database }) => ({
        method: 'DELETE',
        url: `/api/users/${(await createUser(database, 'administrator')).id}`,
      }),
      success: 204,
    },
    {
      capability: 'change the public endpoints, login security and password complexity settings',
      allowed: ['owner', 'administrator'],
      request: async () => ({
        method: 'PATCH',
        url: '/api/settings',
        payload: { publicUiUrl: 'https://tc.example.test', loginLockoutAttempts: 6, passwordComplexity: 'low' },
      }),
      success: 200,
    },
    {
      capability: 'change the audit retention',
      allowed: ['owner', 'administrator'],
      request: async () => ({ method: 'PATCH', url: '/api/settings', payload: { auditRetentionHours: 720 } }),
      success: 200,
    },
    {
      capability: 'open their own account page',
      allowed: ['owner', 'administrator', 'manager', 'viewer'],
      request: async () => ({ method: 'GET', url: '/api/account' }),
      success: 200,
    },
  ];

  for (const row of rows) {
    it(`only ${row.allowed.join(', ')} may ${row.capability}`, async () => {
      const { app, database, team } = await setup();
      for (const role of ROLES) {
        const { method, url, payload } = await row.request({ app, database });
        const response = await call(app, team[role], method, url, payload);
        expect(response.statusCode, `${role}: ${response.body}`).toBe(row.allowed.includes(role) ? row.success : 403);
      }
    });
  }

  it('only the owner may transfer ownership', async () => {
    const { app, database, team } = await setup();
    const target = await createUser(database, 'administrator');
    for (const role of ['administrator', 'manager', 'viewer'] as const) {
      const response = await call(app, team[role], 'POST', `/api/users/${target.id}/transfer-ownership`);
      expect(response.statusCode, role).toBe(403);
    }
    expect((await call(app, team.owner, 'POST', `/api/users/${target.id}/transfer-ownership`)).statusCode).toBe(200);
  });

  it('grants read on configs, agents, labels and reporting rules to every role, and writes to all but the Viewer', async () => {
    const { app, team } = await setup();
    for (const role of ROLES) {
      const { permissions } = (await call(app, team[role], 'GET', '/api/auth/me')).json() as { permissions: string[] };
      for (const resource of ['configs', 'agents', 'labels', 'reporting-rules', 'config-groups', 'constants']) {
        expect(permissions, `${role} ${resource}:read`).toContain(`${resource}:read`);
        for (const action of ['write', 'delete']) {
          if (role === 'viewer') expect(permissions).not.toContain(`${resource}:${action}`);
          else expect(permissions).toContain(`${resource}:${action}`);
        }
      }
      const tokens = ['tokens:read', 'tokens:write', 'tokens:delete'];
      if (role === 'viewer') for (const p of tokens) expect(permissions).not.toContain(p);
      else for (const p of tokens) expect(permissions).toContain(p);
      expect(permissions.includes('auth-settings:write'), role).toBe(role === 'owner');
      expect(permissions.includes('audit-logs:read'), role).toBe(role === 'owner' || role === 'administrator');
    }
  });
});

describe(`acting on users on ${engine}`, () => {
  it('nobody acts on themselves or on the owner', async () => {
    const { app, team } = await setup();
    const self = await call(app, team.administrator, 'POST', `/api/users/${team.administrator.user.id}/disable`);
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toMatch(/your own account/);
    for (const [method, suffix, payload] of [
      ['POST', '/disable', undefined],
      ['DELETE', '', undefined],
      ['PATCH', '', { role: 'viewer' }],
    ] as const) {
      const response = await call(
        app,
        team.administrator,
        method,
        `/api/users/${team.owner.user.id}${suffix}`,
        payload,
      );
      expect(response.statusCode, `${method} ${suffix}`).toBe(403);
    }
    expect((await call(app, team.owner, 'DELETE', `/api/users/${team.owner.user.id}`)).statusCode).toBe(403);
  });

  it('nobody grants the owner role by a role change', async () => {
    const { app, database, team } = await setup();
    const admin = await createUser(database, 'administrator');
    const response = await call(app, team.owner, 'PATCH', `/api/users/${admin.id}`, { role: 'owner' });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toMatch(/transferring ownership/);
  });

  it("a role change, a disable and a delete end the user's sessions at once", async () => {
    const { app, database, team } = await setup();
    for (const [method, suffix, payload] of [
      ['PATCH', '', { role: 'viewer' }],
      ['POST', '/disable', undefined],
      ['DELETE', '', undefined],
    ] as const) {
      const user = await createUser(database, 'manager');
      const headers = await signIn(app, user.username);
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
      const action = await call(app, team.owner, method, `/api/users/${user.id}${suffix}`, payload);
      expect(action.statusCode, action.body).toBeLessThan(300);
      const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers });
      expect(after.statusCode, `${method} ${suffix}`).toBe(401);
    }
  });

  it('a disabled user cannot sign in until enabled again', async () => {
    const { app, database, team } = await setup();
    const user = await createUser(database, 'viewer');
    await call(app, team.owner, 'POST', `/api/users/${user.id}/disable`);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: 'correct horse battery' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('account_disabled');
    const enabled = await call(app, team.owner, 'POST', `/api/users/${user.id}/enable`);
    expect(enabled.json().status).toBe('active');
    expect((await signIn(app, user.username)).cookie).toMatch(/^tc_session=/);
  });

  it('transfers ownership atomically and signs both users out', async () => {
    const { app, database, team } = await setup();
    const heir = await createUser(database, 'administrator');
    const heirHeaders = await signIn(app, heir.username);
    const response = await call(app, team.owner, 'POST', `/api/users/${heir.id}/transfer-ownership`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: heir.id, role: 'owner' });
    const roles = await database.db.selectFrom('users').select(['id', 'role']).where('role', 'in', ['owner']).execute();
    expect(roles).toEqual([{ id: heir.id, role: 'owner' }]);
    const former = await database.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', team.owner.user.id)
      .executeTakeFirst();
    expect(former?.role).toBe('administrator');
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: team.owner.headers })).statusCode).toBe(
      401,
    );
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: heirHeaders })).statusCode).toBe(401);
  });

  it('transfers ownership only to an active administrator', async () => {
    const { app, database, team } = await setup();
    const manager = await createUser(database, 'manager');
    const refused = await call(app, team.owner, 'POST', `/api/users/${manager.id}/transfer-ownership`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/active administrator/);
    expect(await database.db.selectFrom('users').select('id').where('role', '=', 'owner').execute()).toEqual([
      { id: team.owner.user.id },
    ]);
  });

  it('lists users by username with keyset pagination, a total and search', async () => {
    const { app, database, team } = await setup();
    for (let i = 0; i < 5; i++) await createUser(database, 'viewer', { username: `zz-page-${i}` });
    const first = await call(app, team.owner, 'GET', '/api/users?limit=3&search=zz-page');
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: { username: string }[]; nextCursor: string; total: number };
    expect(page1.total).toBe(5);
    expect(page1.items.map((u) => u.username)).toEqual(['zz-page-0', 'zz-page-1', 'zz-page-2']);
    const second = await call(app, team.owner, 'GET', `/api/users?limit=3&search=zz-page&cursor=${page1.nextCursor}`);
    const page2 = second.json() as { items: { username: string }[]; nextCursor: string | null };
    expect(page2.items.map((u) => u.username)).toEqual(['zz-page-3', 'zz-page-4']);
    expect(page2.nextCursor).toBeNull();
    expect(JSON.stringify(first.json())).not.toMatch(/argon2|passwordHash/);
    const bad = await call(app, team.owner, 'GET', '/api/users?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/cursor');
  });

  it('an unknown user is a 404', async () => {
    const { app, team } = await setup();
    expect((await call(app, team.owner, 'GET', '/api/users/no-such-user')).statusCode).toBe(404);
  });
});
