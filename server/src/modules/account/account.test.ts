import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { PASSWORD, callerWithRole, createUser, signIn } from '../../../test/factories.js';

describe(`the account on ${engine}`, () => {
  it('a user edits their own username, email and display name; null clears the display name', async () => {
    const { app, database } = await createTestApp();
    const me = await callerWithRole(app, database, 'viewer');
    const changed = await app.inject({
      method: 'PATCH',
      url: '/api/account',
      headers: me.headers,
      payload: { username: 'renamed', email: 'renamed@example.test', displayName: 'Renamed Person' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      username: 'renamed',
      email: 'renamed@example.test',
      displayName: 'Renamed Person',
    });
    const cleared = await app.inject({
      method: 'PATCH',
      url: '/api/account',
      headers: me.headers,
      payload: { displayName: null },
    });
    expect(cleared.json()).toMatchObject({ username: 'renamed', displayName: null });
  });

  it('refuses a username or email another account holds, naming the field', async () => {
    const { app, database } = await createTestApp();
    await createUser(database, 'viewer', { username: 'holder', email: 'holder@example.test' });
    const me = await callerWithRole(app, database, 'manager');
    const response = await app.inject({
      method: 'PATCH',
      url: '/api/account',
      headers: me.headers,
      payload: { email: 'HOLDER@example.test' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors).toEqual([{ pointer: '/email', message: 'belongs to another account' }]);
  });

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const { app, database } = await createTestApp();
    const me = await callerWithRole(app, database, 'manager');
    const other = await signIn(app, me.user.username);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers: me.headers,
      payload: { currentPassword: 'not it', newPassword: 'my next password' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ pointer: '/currentPassword', message: 'is not your current password' }]);
    const weak = await app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers: me.headers,
      payload: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(weak.json()).toMatchObject({ code: 'password_too_weak', errors: [{ pointer: '/newPassword' }] });
    const done = await app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers: me.headers,
      payload: { currentPassword: PASSWORD, newPassword: 'my next password' },
    });
    expect(done.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/account', headers: me.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/account', headers: other })).statusCode).toBe(401);
    expect((await signIn(app, me.user.username, 'my next password')).cookie).toMatch(/^tc_session=/);
  });
});
