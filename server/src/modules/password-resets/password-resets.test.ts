import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { callerWithRole, createUser, signIn } from '../../../test/factories.js';

async function setup() {
  const { app, database } = await createTestApp();
  const owner = await callerWithRole(app, database, 'owner');
  const user = await createUser(database, 'manager');
  const issue = async (payload: object = {}) =>
    app.inject({ method: 'POST', url: `/api/users/${user.id}/password-reset`, headers: owner.headers, payload });
  return { app, database, owner, user, issue };
}

const codeOf = (url: string) => url.split('/reset-password/')[1]!;

describe(`password-reset links on ${engine}`, () => {
  it('sets a new password once, clears a lockout, signs the user out everywhere and does not sign in', async () => {
    const { app, database, user, issue } = await setup();
    const session = await signIn(app, user.username);
    await database.db
      .updateTable('users')
      .set({ lockedUntil: new Date(Date.now() + 600_000).toISOString(), failedLoginCount: 2 })
      .where('id', '=', user.id)
      .execute();
    const { url } = (await issue({ expiresInHours: 3 })).json();
    expect(
      (await app.inject({ method: 'GET', url: `/api/password-resets/complete/${codeOf(url)}` })).json(),
    ).toMatchObject({
      username: user.username,
    });
    const done = await app.inject({
      method: 'POST',
      url: `/api/password-resets/complete/${codeOf(url)}`,
      payload: { password: 'a brand new password' },
    });
    expect(done.statusCode).toBe(204);
    expect(done.headers['set-cookie']).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode).toBe(401);
    expect((await signIn(app, user.username, 'a brand new password')).cookie).toMatch(/^tc_session=/);
    const again = await app.inject({
      method: 'POST',
      url: `/api/password-resets/complete/${codeOf(url)}`,
      payload: { password: 'another new password' },
    });
    expect(again.statusCode).toBe(404);
  });

  it('an expired link does not work, and a new link replaces the old one', async () => {
    const { app, database, issue } = await setup();
    const first = (await issue()).json();
    await database.db
      .updateTable('passwordResets')
      .set({ expiresAt: new Date(Date.now() - 1).toISOString() })
      .execute();
    expect(
      (await app.inject({ method: 'GET', url: `/api/password-resets/complete/${codeOf(first.url)}` })).statusCode,
    ).toBe(404);
    const second = (await issue()).json();
    const third = (await issue()).json();
    expect(
      (await app.inject({ method: 'GET', url: `/api/password-resets/complete/${codeOf(second.url)}` })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: `/api/password-resets/complete/${codeOf(third.url)}` })).statusCode,
    ).toBe(200);
  });

  it('defaults to 24 hours and bounds the expiry to 1..720 hours', async () => {
    const { issue } = await setup();
    const { expiresAt } = (await issue()).json();
    expect(Math.round((Date.parse(expiresAt) - Date.now()) / 3600_000)).toBe(24);
    const tooLong = await issue({ expiresInHours: 721 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].pointer).toBe('/expiresInHours');
  });

  it('nobody issues a reset link for the owner', async () => {
    const { app, database, owner } = await setup();
    const admin = await callerWithRole(app, database, 'administrator');
    for (const caller of [owner, admin]) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/users/${owner.user.id}/password-reset`,
        headers: caller.headers,
        payload: {},
      });
      expect(response.statusCode).toBe(403);
    }
  });
});
