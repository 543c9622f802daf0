import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@telegraf-controller/contract/permissions';
import { createTestApp, engine } from '../../../test/harness.js';
import { createUser, team } from '../../../test/factories.js';
import { provisionBootstrapToken } from './bootstrap-token.js';

const DAY = 86_400_000;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function mint(app: FastifyInstance, headers: Record<string, string>, body: object) {
  const response = await app.inject({ method: 'POST', url: '/api/tokens', headers, payload: body });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json() as { id: string; token: string; expiresAt: string | null; parentTokenId: string | null };
}

describe(`tokens created with tokens on ${engine}`, () => {
  it('never outlive their parent, and record it', async () => {
    const { app, database } = await createTestApp();
    const members = await team(app, database);
    const parent = await mint(app, members.manager.headers, {
      name: 'parent',
      preset: 'full-access',
      expiresInDays: 7,
    });
    const forever = await mint(app, bearer(parent.token), { name: 'child forever', preset: 'read-only' });
    const later = await mint(app, bearer(parent.token), {
      name: 'child later',
      preset: 'read-only',
      expiresInDays: 30,
    });
    const sooner = await mint(app, bearer(parent.token), {
      name: 'child sooner',
      preset: 'read-only',
      expiresInDays: 1,
    });
    expect(forever.parentTokenId).toBe(parent.id);
    expect(forever.expiresAt).toBe(parent.expiresAt);
    expect(later.expiresAt).toBe(parent.expiresAt);
    expect(Date.parse(sooner.expiresAt!)).toBeLessThan(Date.parse(parent.expiresAt!) - 5 * DAY);
    const session = await mint(app, members.manager.headers, { name: 'from a session', preset: 'read-only' });
    expect(session).toMatchObject({ parentTokenId: null, expiresAt: null });
  });

  it('revoking a parent revokes its children only when asked, and says how many still work', async () => {
    const { app, database } = await createTestApp();
    const members = await team(app, database);
    const rotated = await mint(app, members.owner.headers, { name: 'rotated', preset: 'full-access' });
    const child = await mint(app, bearer(rotated.token), { name: 'child', preset: 'full-access' });
    const grandchild = await mint(app, bearer(child.token), { name: 'grandchild', preset: 'read-only' });
    const shown = await app.inject({ method: 'GET', url: `/api/tokens/${rotated.id}`, headers: members.owner.headers });
    expect(shown.json()).toMatchObject({ activeChildren: 1, parentTokenId: null });
    const alone = await app.inject({
      method: 'POST',
      url: `/api/tokens/${rotated.id}/revoke`,
      headers: members.owner.headers,
    });
    expect(alone.json()).toMatchObject({ status: 'revoked', activeChildren: 1 });
    const me = (token: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect((await me(child.token)).statusCode).toBe(200);
    const cascade = await app.inject({
      method: 'POST',
      url: `/api/tokens/${rotated.id}/revoke?children=true`,
      headers: members.owner.headers,
    });
    expect(cascade.json()).toMatchObject({ status: 'revoked', activeChildren: 0 });
    expect((await me(child.token)).json().code).toBe('token_revoked');
    expect((await me(grandchild.token)).json().code).toBe('token_revoked');
  });
});

describe(`the bootstrap token across a transfer of ownership on ${engine}`, () => {
  it('goes to the new owner with every permission, and is never reassigned', async () => {
    const { app, database } = await createTestApp();
    const owner = await createUser(database, 'owner');
    const heir = await createUser(database, 'administrator');
    const value = `tc-apiv1_${'7'.repeat(64)}`;
    await provisionBootstrapToken(database.db, value, pino({ level: 'silent' }));
    const login = async (username: string) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'correct horse battery' },
      });
      return { cookie: String(response.headers['set-cookie']).split(';')[0]!, 'x-requested-with': 'XMLHttpRequest' };
    };
    const transfer = await app.inject({
      method: 'POST',
      url: `/api/users/${heir.id}/transfer-ownership`,
      headers: await login(owner.username),
    });
    expect(transfer.statusCode).toBe(200);
    const token = await database.db
      .selectFrom('apiTokens')
      .selectAll()
      .where('source', '=', 'bootstrap')
      .executeTakeFirstOrThrow();
    expect(token.userId).toBe(heir.id);
    expect(JSON.parse(token.permissions)).toEqual(PERMISSIONS);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(value) });
    expect(me.json().user.role).toBe('owner');
    const reassign = await app.inject({
      method: 'POST',
      url: `/api/tokens/${token.id}/reassign`,
      headers: await login(heir.username),
      payload: { userId: owner.id },
    });
    expect(reassign.statusCode).toBe(403);
    expect(reassign.json().detail).toMatch(/bootstrap token/);
  });
});
