import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../db/connect.js';
import { sha256Hex } from '../../lib/crypto.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { callerWithRole, createUser, team, type Caller } from '../../../test/factories.js';

/** A heartbeat-listener route guarded like the real heartbeat route, to prove tokens work on both listeners. */
const heartbeatProbe = (app: FastifyInstance) => {
  app.post('/agents/token-probe', { config: { access: 'heartbeat:write', group: 'heartbeat' } }, async (_r, reply) =>
    reply.code(202).send(),
  );
};

async function setup() {
  const context = await createTestApp({ heartbeatRoutes: heartbeatProbe });
  return { ...context, team: await team(context.app, context.database) };
}

async function mint(app: FastifyInstance, caller: Caller, body: object) {
  const response = await app.inject({ method: 'POST', url: '/api/tokens', headers: caller.headers, payload: body });
  return response;
}

async function mintValue(app: FastifyInstance, caller: Caller, body: object): Promise<{ id: string; token: string }> {
  const response = await mint(app, caller, body);
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (app: FastifyInstance, headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/api/auth/me', headers });
const beat = (heartbeat: FastifyInstance, token: string) =>
  heartbeat.inject({ method: 'POST', url: '/agents/token-probe', headers: bearer(token) });

async function allText(database: DatabaseHandle): Promise<string> {
  const tables = await database.db.introspection.getTables();
  const dumps: string[] = [];
  for (const table of tables) {
    const rows = await sql`select * from ${sql.table(table.name)}`.execute(database.db);
    dumps.push(JSON.stringify(rows.rows));
  }
  return dumps.join('\n');
}

describe(`creating tokens on ${engine}`, () => {
  it('returns the value once, in the 201 response, as tc-apiv1_ and 64 lowercase hex', async () => {
    const { app, team } = await setup();
    const created = await mint(app, team.manager, { name: 'ci pipeline', preset: 'read-only' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.token).toMatch(/^tc-apiv1_[0-9a-f]{64}$/);
    expect(body).toMatchObject({ name: 'ci pipeline', status: 'active', source: 'user', last4: body.token.slice(-4) });
    const elsewhere = [
      await app.inject({ method: 'GET', url: '/api/tokens', headers: team.manager.headers }),
      await app.inject({ method: 'GET', url: `/api/tokens/${body.id}`, headers: team.manager.headers }),
      await app.inject({ method: 'GET', url: '/api/tokens', headers: team.owner.headers }),
      await app.inject({ method: 'POST', url: `/api/tokens/${body.id}/revoke`, headers: team.manager.headers }),
    ];
    for (const response of elsewhere) expect(response.body).not.toContain(body.token.slice(9));
  });

  it('keeps only a SHA-256 hash and the last four characters: no table holds a raw value', async () => {
    const { app, database, team } = await setup();
    const values: string[] = [];
    for (const [caller, name] of [
      [team.owner, 'a'],
      [team.administrator, 'b'],
      [team.manager, 'c'],
    ] as const) {
      values.push((await mintValue(app, caller, { name, preset: 'full-access' })).token);
    }
    values.push(
      (
        await mintValue(app, team.owner, {
          name: 'd',
          preset: 'telegraf-agent',
          rawToken: `tc-apiv1_${'ab'.repeat(32)}`,
        })
      ).token,
    );
    const dump = await allText(database);
    for (const value of values) {
      expect(dump).not.toContain(value.slice(9, 60));
      expect(dump).toContain(sha256Hex(value));
    }
  });

  it('a Viewer cannot create a token', async () => {
    const { app, team } = await setup();
    const response = await mint(app, team.viewer, { name: 'nope', preset: 'read-only' });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toMatch(/tokens:write/);
  });

  it('a Manager asking for user-management permissions gets a token without them, and is told so', async () => {
    const { app, team } = await setup();
    const response = await mint(app, team.manager, { name: 'too greedy', permissions: ['configs:read', 'users:*'] });
    expect(response.statusCode).toBe(201);
    expect(response.json().permissions).toEqual(['configs:read']);
    expect(response.json().droppedPermissions).toEqual(['users:read', 'users:write', 'users:delete']);
  });

  it('reads permissions from an array or a comma-separated string, with resource:* for a whole row', async () => {
    const { app, team } = await setup();
    const fromString = await mint(app, team.owner, { name: 'string form', permissions: 'agents:*, heartbeat:write' });
    expect(fromString.json().permissions).toEqual(['agents:read', 'agents:write', 'agents:delete', 'heartbeat:write']);
    const unknown = await mint(app, team.owner, {
      name: 'bad',
      permissions: ['configs:read', 'configs:fly', 'cows:*'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'invalid_permissions',
      detail: 'Unknown permissions: configs:fly, cows:*',
    });
    const none = await mint(app, team.owner, { name: 'empty', preset: 'custom' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].pointer).toBe('/permissions');
  });

  it('presets: full access is the role, read only its reads, Telegraf agent the three agent permissions', async () => {
    const { app, team } = await setup();
    const full = (await mint(app, team.manager, { name: 'full', preset: 'full-access' })).json();
    expect(full.permissions).toContain('tokens:write');
    expect(full.permissions).not.toContain('users:read');
    const read = (await mint(app, team.manager, { name: 'read', preset: 'read-only' })).json();
    expect(read.permissions.every((p: string) => p.endsWith(':read'))).toBe(true);
    expect(read.permissions).toContain('configs:read');
    const agent = (await mint(app, team.manager, { name: 'agent', preset: 'telegraf-agent' })).json();
    expect(agent.permissions).toEqual(['configs:read', 'config-groups:read', 'heartbeat:write']);
  });

  it('names are unique per instance, ignoring case', async () => {
    const { app, team } = await setup();
    await mintValue(app, team.manager, { name: 'Shared Name', preset: 'read-only' });
    const again = await mint(app, team.owner, { name: 'shared name', preset: 'read-only' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'token_name_conflict', errors: [{ pointer: '/name' }] });
  });

  it('expires after the chosen days or at the chosen date, which must be in the future', async () => {
    const { app, team } = await setup();
    const inDays = (await mint(app, team.owner, { name: 'week', preset: 'read-only', expiresInDays: 7 })).json();
    expect(inDays.expiresInDays).toBe(7);
    expect(Math.round((Date.parse(inDays.expiresAt) - Date.now()) / 86_400_000)).toBe(7);
    const never = (await mint(app, team.owner, { name: 'never', preset: 'read-only' })).json();
    expect(never).toMatchObject({ expiresAt: null, expiresInDays: null });
    const far = (await mint(app, team.owner, { name: 'far', preset: 'read-only', expiresInDays: 90 })).json();
    expect(far.expiresInDays).toBeNull();
    const past = await mint(app, team.owner, { name: 'past', preset: 'read-only', expiresAt: '2001-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].pointer).toBe('/expiresAt');
  });
});

describe(`using tokens on ${engine}`, () => {
  it('authenticates with Bearer or Token, as the owner narrowed to the token', async () => {
    const { app, team } = await setup();
    const { token } = await mintValue(app, team.manager, { name: 'reader', preset: 'read-only' });
    for (const scheme of ['Bearer', 'Token', 'bearer']) {
      const response = await me(app, { authorization: `${scheme} ${token}` });
      expect(response.statusCode, scheme).toBe(200);
      expect(response.json()).toMatchObject({
        user: { id: team.manager.user.id },
        via: 'token',
        token: { name: 'reader' },
      });
      expect(response.json().permissions).not.toContain('configs:write');
    }
  });

  it('refuses a missing permission with 403 naming it', async () => {
    const { app, team } = await setup();
    const { token } = await mintValue(app, team.owner, { name: 'reader', permissions: ['users:read'] });
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: bearer(token) })).statusCode).toBe(200);
    const write = await app.inject({ method: 'PATCH', url: '/api/settings', headers: bearer(token), payload: {} });
    expect(write.statusCode).toBe(403);
    expect(write.json().detail).toBe('This action needs the settings:write permission');
  });

  it('tells malformed, unknown and badly presented credentials apart with distinct codes', async () => {
    const { app, heartbeat } = await setup();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 'unauthorized', 'Missing or invalid Authorization header'],
      [{ authorization: 'Bearer' }, 'unauthorized', 'Missing or invalid Authorization header'],
      [{ authorization: 'Bearer abc' }, 'token_malformed', 'Invalid token format'],
      [{ authorization: `Bearer tc-apiv1_${'A'.repeat(64)}` }, 'token_malformed', 'Invalid token format'],
      [{ authorization: `Bearer tc-apiv1_${'0'.repeat(64)}` }, 'token_invalid', 'Invalid token'],
    ];
    for (const [headers, code, detail] of cases) {
      for (const [listener, url, method] of [
        [app, '/api/auth/me', 'GET'],
        [heartbeat, '/agents/token-probe', 'POST'],
      ] as const) {
        const response = await listener.inject({ method, url, headers });
        expect(response.statusCode, `${url} ${headers.authorization}`).toBe(401);
        expect(response.json()).toMatchObject({ code, detail });
      }
    }
    const anonymous = await heartbeat.inject({ method: 'POST', url: '/agents/token-probe' });
    expect(anonymous.json()).toMatchObject({ code: 'unauthorized', detail: 'Missing or invalid Authorization header' });
  });

  it('records when and from where a token was last used, at most once a minute', async () => {
    const { app, database, team } = await setup();
    const { id, token } = await mintValue(app, team.owner, { name: 'used', preset: 'read-only' });
    await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token), remoteAddress: '198.51.100.7' });
    const read = async () =>
      database.db
        .selectFrom('apiTokens')
        .select(['lastUsedAt', 'lastUsedFrom'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    await expect.poll(async () => (await read()).lastUsedFrom).toBe('198.51.100.7');
    const first = await read();
    await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token), remoteAddress: '198.51.100.8' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await read()).toEqual(first);
    const shown = (await app.inject({ method: 'GET', url: `/api/tokens/${id}`, headers: team.owner.headers })).json();
    expect(shown).toMatchObject({ lastUsedFrom: '198.51.100.7', lastUsedAt: first.lastUsedAt });
  });
});

describe(`revoking, deleting and disabling on ${engine}`, () => {
  it('a revoked token is refused on the very next request on both listeners, and its record stays', async () => {
    const { app, heartbeat, team } = await setup();
    const { id, token } = await mintValue(app, team.manager, { name: 'agent', preset: 'telegraf-agent' });
    expect((await beat(heartbeat, token)).statusCode).toBe(202);
    expect((await me(app, bearer(token))).statusCode).toBe(200);
    const revoked = await app.inject({ method: 'POST', url: `/api/tokens/${id}/revoke`, headers: team.owner.headers });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokedBy: team.owner.user.username });
    expect(revoked.json().revokedAt).toBeTruthy();
    expect((await beat(heartbeat, token)).json()).toMatchObject({ code: 'token_revoked', detail: 'Invalid token' });
    expect((await me(app, bearer(token))).json().code).toBe('token_revoked');
  });

  it('a deleted token is refused on the very next request on both listeners, and its record is gone', async () => {
    const { app, heartbeat, team } = await setup();
    const { id, token } = await mintValue(app, team.owner, { name: 'agent', preset: 'telegraf-agent' });
    expect((await beat(heartbeat, token)).statusCode).toBe(202);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: team.owner.headers })).statusCode,
    ).toBe(204);
    expect((await beat(heartbeat, token)).json().code).toBe('token_invalid');
    expect((await me(app, bearer(token))).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: `/api/tokens/${id}`, headers: team.owner.headers })).statusCode,
    ).toBe(404);
  });

  it('an expired token is refused with token_expired and shows as expired', async () => {
    const { app, heartbeat, team } = await setup();
    const { id, token } = await mintValue(app, team.owner, {
      name: 'short',
      preset: 'telegraf-agent',
      expiresInDays: 1,
    });
    expect((await beat(heartbeat, token)).statusCode).toBe(202);
    // A day and a minute later, with the token still in the cache: expiry is checked on every use.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 86_460_000 });
    try {
      expect((await beat(heartbeat, token)).json()).toMatchObject({ code: 'token_expired', detail: 'Token expired' });
      expect((await me(app, bearer(token))).json().code).toBe('token_expired');
    } finally {
      vi.useRealTimers();
    }
    const shown = await app.inject({ method: 'GET', url: `/api/tokens/${id}`, headers: team.owner.headers });
    expect(shown.json()).toMatchObject({ status: 'active', expiresInDays: 1 });
  });

  it('lists a token whose expiry has passed as expired', async () => {
    const { app, database, team } = await setup();
    const { id } = await mintValue(app, team.owner, { name: 'lapsed', preset: 'read-only', expiresInDays: 1 });
    await database.db
      .updateTable('apiTokens')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const shown = await app.inject({ method: 'GET', url: `/api/tokens/${id}`, headers: team.owner.headers });
    expect(shown.json()).toMatchObject({ status: 'expired', expiresInDays: null });
    const listed = await app.inject({ method: 'GET', url: '/api/tokens?status=expired', headers: team.owner.headers });
    expect(listed.json().items.map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it("a disabled owner's tokens are refused until the owner is enabled again", async () => {
    const { app, heartbeat, team } = await setup();
    const { token } = await mintValue(app, team.manager, { name: 'agent', preset: 'telegraf-agent' });
    expect((await beat(heartbeat, token)).statusCode).toBe(202);
    await app.inject({
      method: 'POST',
      url: `/api/users/${team.manager.user.id}/disable`,
      headers: team.owner.headers,
    });
    expect((await beat(heartbeat, token)).json().code).toBe('token_owner_disabled');
    expect((await me(app, bearer(token))).statusCode).toBe(401);
    await app.inject({ method: 'POST', url: `/api/users/${team.manager.user.id}/enable`, headers: team.owner.headers });
    expect((await beat(heartbeat, token)).statusCode).toBe(202);
  });
});

describe(`who sees and manages which tokens on ${engine} (platform §3.4)`, () => {
  it('the owner and administrators see every token, a Manager only their own, a Viewer none', async () => {
    const { app, team } = await setup();
    const mine = await mintValue(app, team.manager, { name: 'managers', preset: 'read-only' });
    const theirs = await mintValue(app, team.administrator, { name: 'admins', preset: 'read-only' });
    const names = async (caller: Caller) =>
      (await app.inject({ method: 'GET', url: '/api/tokens', headers: caller.headers }))
        .json()
        .items.map((t: { name: string }) => t.name);
    expect(await names(team.owner)).toEqual(['admins', 'managers']);
    expect(await names(team.administrator)).toEqual(['admins', 'managers']);
    expect(await names(team.manager)).toEqual(['managers']);
    expect((await app.inject({ method: 'GET', url: '/api/tokens', headers: team.viewer.headers })).statusCode).toBe(
      403,
    );
    expect(
      (await app.inject({ method: 'GET', url: `/api/tokens/${theirs.id}`, headers: team.manager.headers })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: `/api/tokens/${mine.id}`, headers: team.manager.headers })).statusCode,
    ).toBe(200);
  });

  it("the owner and administrators revoke and delete anyone's tokens; a Manager only their own", async () => {
    const { app, team } = await setup();
    for (const actor of [team.owner, team.administrator]) {
      const victim = await mintValue(app, team.manager, { name: `victim-${actor.user.role}`, preset: 'read-only' });
      const other = await mintValue(app, team.manager, { name: `other-${actor.user.role}`, preset: 'read-only' });
      expect(
        (await app.inject({ method: 'POST', url: `/api/tokens/${victim.id}/revoke`, headers: actor.headers }))
          .statusCode,
      ).toBe(200);
      expect(
        (await app.inject({ method: 'DELETE', url: `/api/tokens/${other.id}`, headers: actor.headers })).statusCode,
      ).toBe(204);
    }
    const admins = await mintValue(app, team.administrator, { name: 'admins', preset: 'read-only' });
    expect(
      (await app.inject({ method: 'POST', url: `/api/tokens/${admins.id}/revoke`, headers: team.manager.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${admins.id}`, headers: team.manager.headers }))
        .statusCode,
    ).toBe(404);
    const own = await mintValue(app, team.manager, { name: 'own', preset: 'read-only' });
    expect(
      (await app.inject({ method: 'POST', url: `/api/tokens/${own.id}/revoke`, headers: team.manager.headers }))
        .statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${own.id}`, headers: team.manager.headers })).statusCode,
    ).toBe(204);
  });

  it('filters by status, owner and text, newest first, with keyset pagination', async () => {
    const { app, team } = await setup();
    const a = await mintValue(app, team.manager, { name: 'alpha deploy', preset: 'read-only' });
    await mintValue(app, team.manager, { name: 'beta deploy', preset: 'read-only' });
    await mintValue(app, team.owner, { name: 'gamma', preset: 'read-only' });
    await app.inject({ method: 'POST', url: `/api/tokens/${a.id}/revoke`, headers: team.owner.headers });
    const list = async (query: string) =>
      (await app.inject({ method: 'GET', url: `/api/tokens?${query}`, headers: team.owner.headers })).json();
    expect((await list('status=revoked')).items.map((t: { name: string }) => t.name)).toEqual(['alpha deploy']);
    expect((await list('status=active')).total).toBe(2);
    expect((await list(`userId=${team.manager.user.id}`)).total).toBe(2);
    expect((await list('search=DEPLOY')).total).toBe(2);
    const first = await list('limit=2');
    expect(first.items.map((t: { name: string }) => t.name)).toEqual(['gamma', 'beta deploy']);
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((t: { name: string }) => t.name)).toEqual(['alpha deploy']);
    expect(second.nextCursor).toBeNull();
  });
});

describe(`reassigning tokens on ${engine}`, () => {
  it('the owner and administrators reassign; the value keeps working, narrowed to the new owner (a Viewer: read-only)', async () => {
    const { app, team } = await setup();
    const { id, token } = await mintValue(app, team.administrator, { name: 'handover', preset: 'full-access' });
    const toViewer = await app.inject({
      method: 'POST',
      url: `/api/tokens/${id}/reassign`,
      headers: team.owner.headers,
      payload: { userId: team.viewer.user.id },
    });
    expect(toViewer.statusCode).toBe(200);
    expect(toViewer.json().username).toBe(team.viewer.user.username);
    expect(toViewer.json().permissions.every((p: string) => p.endsWith(':read'))).toBe(true);
    const used = await me(app, bearer(token));
    expect(used.json()).toMatchObject({ user: { id: team.viewer.user.id }, via: 'token' });
    const manager = await app.inject({
      method: 'POST',
      url: `/api/tokens/${id}/reassign`,
      headers: team.manager.headers,
      payload: { userId: team.manager.user.id },
    });
    expect(manager.statusCode).toBe(403);
  });

  it('bulk actions report each id and do the rest when some fail', async () => {
    const { app, team } = await setup();
    const own1 = await mintValue(app, team.manager, { name: 'own 1', preset: 'read-only' });
    const own2 = await mintValue(app, team.manager, { name: 'own 2', preset: 'read-only' });
    const foreign = await mintValue(app, team.owner, { name: 'not yours', preset: 'read-only' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/tokens/bulk',
      headers: team.manager.headers,
      payload: { action: 'revoke', ids: [own1.id, foreign.id, 'missing', own2.id] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      results: [
        { id: own1.id, ok: true, status: 200 },
        { id: foreign.id, ok: false, status: 404, code: 'not_found', detail: 'No such token' },
        { id: 'missing', ok: false, status: 404, code: 'not_found', detail: 'No such token' },
        { id: own2.id, ok: true, status: 200 },
      ],
      succeeded: 2,
      failed: 2,
    });
    const remaining = await app.inject({
      method: 'POST',
      url: '/api/tokens/bulk',
      headers: team.owner.headers,
      payload: { action: 'delete', ids: [own1.id, foreign.id] },
    });
    expect(remaining.json().succeeded).toBe(2);
    const reassign = await app.inject({
      method: 'POST',
      url: '/api/tokens/bulk',
      headers: team.owner.headers,
      payload: { action: 'reassign', ids: [own2.id] },
    });
    expect(reassign.statusCode).toBe(400);
    const done = await app.inject({
      method: 'POST',
      url: '/api/tokens/bulk',
      headers: team.owner.headers,
      payload: { action: 'reassign', ids: [own2.id], userId: team.administrator.user.id },
    });
    expect(done.json().results[0]).toEqual({ id: own2.id, ok: true, status: 200 });
  });
});

describe(`token lifecycle with its owner on ${engine}`, () => {
  it("lowering a role narrows the user's tokens and stores them narrowed; they never widen again", async () => {
    const { app, database, team } = await setup();
    const admin = await callerWithRole(app, database, 'administrator');
    const { id, token } = await mintValue(app, admin, { name: 'wide', preset: 'full-access' });
    await app.inject({
      method: 'PATCH',
      url: `/api/users/${admin.user.id}`,
      headers: team.owner.headers,
      payload: { role: 'manager' },
    });
    const stored = (await app.inject({ method: 'GET', url: `/api/tokens/${id}`, headers: team.owner.headers })).json();
    expect(stored.permissions).not.toContain('users:read');
    expect(stored.permissions).toContain('configs:write');
    await app.inject({
      method: 'PATCH',
      url: `/api/users/${admin.user.id}`,
      headers: team.owner.headers,
      payload: { role: 'administrator' },
    });
    expect((await me(app, bearer(token))).json().permissions).not.toContain('users:read');
  });

  it('lowering a user to Viewer revokes their active tokens', async () => {
    const { app, database, team } = await setup();
    const manager = await callerWithRole(app, database, 'manager');
    const { id, token } = await mintValue(app, manager, { name: 'doomed', preset: 'read-only' });
    await app.inject({
      method: 'PATCH',
      url: `/api/users/${manager.user.id}`,
      headers: team.owner.headers,
      payload: { role: 'viewer' },
    });
    expect((await me(app, bearer(token))).json().code).toBe('token_revoked');
    const shown = (await app.inject({ method: 'GET', url: `/api/tokens/${id}`, headers: team.owner.headers })).json();
    expect(shown).toMatchObject({ status: 'revoked', revokedBy: team.owner.user.username });
  });

  it("deleting a user deletes the user's tokens", async () => {
    const { app, database, team } = await setup();
    const { token } = await mintValue(app, team.manager, { name: 'leaves', preset: 'read-only' });
    await app.inject({ method: 'DELETE', url: `/api/users/${team.manager.user.id}`, headers: team.owner.headers });
    expect((await me(app, bearer(token))).json().code).toBe('token_invalid');
    expect(await database.db.selectFrom('apiTokens').selectAll().execute()).toEqual([]);
  });

  it("owner-only user actions cannot be done with a token, even the owner's", async () => {
    const { app, database, team } = await setup();
    const heir = await createUser(database, 'administrator');
    const { token } = await mintValue(app, team.owner, { name: 'owner full', preset: 'full-access' });
    const response = await app.inject({
      method: 'POST',
      url: `/api/users/${heir.id}/transfer-ownership`,
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toMatch(/not with an API token/);
  });
});

describe(`pre-shared token values on ${engine}`, () => {
  const value = `tc-apiv1_${'c0ffee'.repeat(10)}abcd`;

  it('accepts a well-formed client value once, and refuses a malformed or duplicate one', async () => {
    const { app, team } = await setup();
    const created = await mint(app, team.owner, { name: 'fleet-wide', preset: 'telegraf-agent', rawToken: value });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ source: 'preshared', token: value, last4: 'abcd' });
    expect((await me(app, bearer(value))).statusCode).toBe(200);
    const duplicate = await mint(app, team.owner, { name: 'again', preset: 'telegraf-agent', rawToken: value });
    expect(duplicate.json().code).toBe('token_value_conflict');
    const malformed = await mint(app, team.owner, { name: 'bad', preset: 'telegraf-agent', rawToken: 'tc-apiv1_XYZ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_token_format');
    const capabilities = await app.inject({
      method: 'GET',
      url: '/api/tokens/capabilities',
      headers: team.owner.headers,
    });
    expect(capabilities.json()).toEqual({ preSharedTokensEnabled: true });
  });

  it('DISABLE_PRESHARED_TOKENS refuses client values with 403 and says so in the capabilities', async () => {
    const { app, database } = await createTestApp({ options: { disablePresharedTokens: true } });
    const owner = await callerWithRole(app, database, 'owner');
    const refused = await mint(app, owner, { name: 'x', preset: 'read-only', rawToken: value });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('preshared_tokens_disabled');
    const capabilities = await app.inject({ method: 'GET', url: '/api/tokens/capabilities', headers: owner.headers });
    expect(capabilities.json()).toEqual({ preSharedTokensEnabled: false });
  });
});

describe(`the optional permissions step on ${engine}`, () => {
  it('a token created with only a description gets everything its creator’s role allows', async () => {
    const { app, team } = await setup();
    const created = await mint(app, team.manager, { name: 'ci' });
    expect(created.statusCode).toBe(201);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: team.manager.headers });
    expect([...created.json().permissions].sort()).toEqual([...me.json().permissions].sort());
    expect(created.json().droppedPermissions).toEqual([]);
    const listed = await mint(app, team.manager, { name: 'listed', permissions: 'configs:read' });
    expect(listed.json().permissions).toEqual(['configs:read']);
    const customWithout = await mint(app, team.manager, { name: 'custom without', preset: 'custom' });
    expect(customWithout.statusCode).toBe(400);
    expect(customWithout.json().errors[0].pointer).toBe('/permissions');
  });
});
