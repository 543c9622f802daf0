import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { callerWithRole, createUser } from '../../../test/factories.js';
import { expectCursorsRefused, forgedCursor, readAllPages } from '../../../test/pages.js';

async function setup() {
  const { app, database } = await createTestApp();
  const owner = await callerWithRole(app, database, 'owner');
  const invite = async (payload: object) =>
    app.inject({ method: 'POST', url: '/api/invites', headers: owner.headers, payload });
  return { app, database, owner, invite };
}

function codeOf(url: string): string {
  return url.split('/invite/')[1]!;
}

describe(`invites on ${engine}`, () => {
  it('issues a link once, stores only its hash, and the link creates a signed-in account of the role', async () => {
    const { app, database, invite } = await setup();
    const issued = await invite({
      username: 'new-manager',
      email: 'nm@example.test',
      role: 'manager',
      expiresInHours: 2,
    });
    expect(issued.statusCode).toBe(201);
    const { url, expiresAt } = issued.json() as { url: string; expiresAt: string };
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(1.9 * 3600_000);
    const stored = await database.db.selectFrom('invites').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(codeOf(url));

    const preview = await app.inject({ method: 'GET', url: `/api/invites/accept/${codeOf(url)}` });
    expect(preview.json()).toMatchObject({ username: 'new-manager', email: 'nm@example.test', role: 'manager' });
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/invites/accept/${codeOf(url)}`,
      payload: { password: 'manager password' },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ user: { username: 'new-manager', role: 'manager' }, via: 'session' });
    const cookie = String(accepted.headers['set-cookie']).split(';')[0]!;
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('a link works once', async () => {
    const { app, invite } = await setup();
    const { url } = (await invite({ username: 'once-only', email: 'once@example.test', role: 'viewer' })).json();
    const accept = () =>
      app.inject({
        method: 'POST',
        url: `/api/invites/accept/${codeOf(url)}`,
        payload: { password: 'viewer password' },
      });
    expect((await accept()).statusCode).toBe(201);
    const again = await accept();
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toMatch(/used, deleted or has expired/);
  });

  it('an expired or deleted link does not work', async () => {
    const { app, database, owner, invite } = await setup();
    const expired = (
      await invite({ username: 'late-one', email: 'late@example.test', role: 'viewer', expiresInHours: 1 })
    ).json();
    await database.db
      .updateTable('invites')
      .set({ expiresAt: new Date(Date.now() - 1).toISOString() })
      .execute();
    expect((await app.inject({ method: 'GET', url: `/api/invites/accept/${codeOf(expired.url)}` })).statusCode).toBe(
      404,
    );
    const listed = (await app.inject({ method: 'GET', url: '/api/invites', headers: owner.headers })).json();
    expect(listed.items).toEqual([expect.objectContaining({ username: 'late-one', status: 'expired' })]);

    const deleted = (await invite({ username: 'gone-one', email: 'gone@example.test', role: 'viewer' })).json();
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/invites/${deleted.id}`, headers: owner.headers })).statusCode,
    ).toBe(204);
    const attempt = await app.inject({
      method: 'POST',
      url: `/api/invites/accept/${codeOf(deleted.url)}`,
      payload: { password: 'viewer password' },
    });
    expect(attempt.statusCode).toBe(404);
  });

  it('lists invites newest first, a page at a time, with the total', async () => {
    const { app, owner, invite } = await setup();
    for (const name of ['first-in', 'second-in', 'third-in']) {
      expect((await invite({ username: name, email: `${name}@example.test`, role: 'viewer' })).statusCode).toBe(201);
    }
    const paged = await readAllPages<{ username: string; status: string }>(app, owner.headers, '/api/invites', 2);
    expect(paged).toMatchObject({ pages: 2, total: 3 });
    expect(paged.items.map((item) => item.username)).toEqual(['third-in', 'second-in', 'first-in']);
    expect(paged.items.every((item) => item.status === 'pending')).toBe(true);
    await expectCursorsRefused(app, owner.headers, '/api/invites', [
      'x',
      forgedCursor(['yesterday', 'some-id']),
      forgedCursor([1, 'some-id']),
    ]);
  });

  it('bounds the expiry to 1..720 hours and refuses the owner role', async () => {
    const { invite } = await setup();
    for (const hours of [0, 721]) {
      const response = await invite({
        username: 'bound-s',
        email: 'b@example.test',
        role: 'viewer',
        expiresInHours: hours,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].pointer).toBe('/expiresInHours');
    }
    const owner = await invite({ username: 'two-owners', email: 'o2@example.test', role: 'owner' });
    expect(owner.statusCode).toBe(403);
  });

  it('refuses a username or email that a user or a pending invite holds', async () => {
    const { database, invite } = await setup();
    await createUser(database, 'viewer', { username: 'taken-name', email: 'taken@example.test' });
    const byUser = await invite({ username: 'Taken-Name', email: 'free@example.test', role: 'viewer' });
    expect(byUser.statusCode).toBe(409);
    expect(byUser.json().errors).toEqual([{ pointer: '/username', message: 'belongs to another account' }]);
    await invite({ username: 'pending-x', email: 'pending@example.test', role: 'viewer' });
    const byInvite = await invite({ username: 'other-y', email: 'PENDING@example.test', role: 'viewer' });
    expect(byInvite.statusCode).toBe(409);
    expect(byInvite.json().errors[0].pointer).toBe('/email');
  });

  it('checks the new password against the complexity level', async () => {
    const { app, invite } = await setup();
    const { url } = (await invite({ username: 'weak-pw', email: 'weak@example.test', role: 'viewer' })).json();
    const weak = await app.inject({
      method: 'POST',
      url: `/api/invites/accept/${codeOf(url)}`,
      payload: { password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'password_too_weak', errors: [{ pointer: '/password' }] });
  });

  it('builds links from the public UI URL when it is set', async () => {
    const { app, owner, invite } = await setup();
    await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: owner.headers,
      payload: { publicUiUrl: 'https://tc.example.test' },
    });
    const { url } = (await invite({ username: 'linked', email: 'linked@example.test', role: 'viewer' })).json();
    expect(url).toMatch(/^https:\/\/tc\.example\.test\/invite\//);
  });
});
