import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { authenticator, clearOfTotpStepEdge } from '../../../test/authenticator.js';
import { createTestApp, engine, silentLogger } from '../../../test/harness.js';
import { PASSWORD, createToken, createUser, signIn, type Caller } from '../../../test/factories.js';
import { randomToken } from '../../lib/crypto.js';
import { resealSecondFactors, secondFactorBox } from './second-factor-keys.js';
import { createSecondFactorService } from './second-factor.service.js';
import { base32, totpCode, totpStep } from './totp.js';

/** The code an authenticator app shows `offset` steps from now. */
const codeOf = (seed: Buffer, offset = 0) => totpCode(seed, totpStep(Date.now()) + offset);
const fromBase32 = (key: string) => authenticator(key).seed;

async function enrol(app: FastifyInstance, headers: Record<string, string>) {
  const begun = await app.inject({
    method: 'POST',
    url: '/api/account/second-factor/enrolment',
    headers,
    payload: { password: PASSWORD },
  });
  expect(begun.statusCode, begun.body).toBe(201);
  const seed = fromBase32(begun.json().secret);
  const confirmed = await app.inject({
    method: 'POST',
    url: '/api/account/second-factor/confirmation',
    headers,
    payload: { code: codeOf(seed, -1) },
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { seed, recoveryCodes: confirmed.json().recoveryCodes as string[] };
}

const login = (app: FastifyInstance, username: string, extra: { password?: string; code?: string } = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: extra.password ?? PASSWORD, ...(extra.code ? { code: extra.code } : {}) },
  });

async function signedIn(app: FastifyInstance, database: Parameters<typeof createUser>[0], role: 'owner' | 'manager') {
  const user = await createUser(database, role);
  return { user, headers: await signIn(app, user.username) } satisfies Caller;
}

describe(`second factor (TOTP) on ${engine}`, () => {
  // Each test computes codes a step off now, and takes about a second: it runs within one step.
  beforeEach(() => clearOfTotpStepEdge());

  it('enrols with the password and a code, then asks for a code at sign-in and refuses it replayed', async () => {
    const { app, database } = await createTestApp();
    const me = await signedIn(app, database, 'manager');
    const status = await app.inject({ method: 'GET', url: '/api/account/second-factor', headers: me.headers });
    expect(status.json()).toEqual({
      available: true,
      enrolled: false,
      required: false,
      enrolledAt: null,
      recoveryCodesLeft: 0,
    });
    const wrongPassword = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/enrolment',
      headers: me.headers,
      payload: { password: 'not it' },
    });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().errors).toEqual([{ pointer: '/password', message: 'is not your current password' }]);
    const begun = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/enrolment',
      headers: me.headers,
      payload: { password: PASSWORD },
    });
    const { secret, uri } = begun.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(
      `otpauth://totp/Telegraf%20Controller:${me.user.username}?secret=${secret}&issuer=Telegraf+Controller&algorithm=SHA1&digits=6&period=30`,
    );
    // Not yet: a pending seed does not guard sign-in.
    expect((await login(app, me.user.username)).statusCode).toBe(200);
    const seed = fromBase32(secret);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/confirmation',
      headers: me.headers,
      payload: { code: codeOf(seed, 5) },
    });
    expect(wrong.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/code' }] });
    const confirmed = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/confirmation',
      headers: me.headers,
      payload: { code: codeOf(seed, -1) },
    });
    const { recoveryCodes } = confirmed.json();
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(new Set(recoveryCodes).size).toBe(10);

    // Seeds and recovery codes are sealed at rest.
    const row = await database.db.selectFrom('secondFactors').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(recoveryCodes[0].replace('-', ''));

    const noCode = await login(app, me.user.username);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('second_factor_required');
    expect(noCode.headers['set-cookie']).toBeUndefined();
    const code = codeOf(seed);
    const good = await login(app, me.user.username, { code });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().secondFactorPending).toBeUndefined();
    const replayed = await login(app, me.user.username, { code });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toMatchObject({
      code: 'invalid_second_factor',
      detail: expect.stringMatching(/used already/),
    });
    // The step before the one used is gone too; the next one works.
    expect((await login(app, me.user.username, { code: codeOf(seed, -1) })).json().code).toBe('invalid_second_factor');
    expect((await login(app, me.user.username, { code: codeOf(seed, 1) })).statusCode).toBe(200);
    // A right code with a wrong password tells nothing about the code.
    expect((await login(app, me.user.username, { password: 'wrong', code: codeOf(seed, 1) })).json().code).toBe(
      'invalid_credentials',
    );
  });

  it('counts wrong codes toward the lockout, with wrong passwords', async () => {
    const { app, database } = await createTestApp();
    await database.db.updateTable('settings').set({ loginLockoutAttempts: 3 }).execute();
    const me = await signedIn(app, database, 'manager');
    const { seed } = await enrol(app, me.headers);
    expect((await login(app, me.user.username, { code: authenticator(base32(seed)).wrongCode() })).statusCode).toBe(
      401,
    );
    expect((await login(app, me.user.username, { code: 'nonsense-code' })).statusCode).toBe(401);
    const third = await login(app, me.user.username, { password: 'wrong' });
    expect(third.statusCode).toBe(423);
    const locked = await login(app, me.user.username, { code: codeOf(seed, 1) });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account_locked');
  });

  it('takes each recovery code once, as typed, and replaces them all on request', async () => {
    const { app, database } = await createTestApp();
    const me = await signedIn(app, database, 'manager');
    const { seed, recoveryCodes } = await enrol(app, me.headers);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace('-', ' ')} `;
    expect((await login(app, me.user.username, { code: typed })).statusCode).toBe(200);
    const again = await login(app, me.user.username, { code: recoveryCodes[3] });
    expect(again.json().code).toBe('invalid_second_factor');
    const status = await app.inject({ method: 'GET', url: '/api/account/second-factor', headers: me.headers });
    expect(status.json()).toMatchObject({ enrolled: true, recoveryCodesLeft: 9 });

    const replaced = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/recovery-codes',
      headers: me.headers,
      payload: { code: codeOf(seed) },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const fresh: string[] = replaced.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect((await login(app, me.user.username, { code: recoveryCodes[4] })).json().code).toBe('invalid_second_factor');
    expect((await login(app, me.user.username, { code: fresh[0] })).statusCode).toBe(200);
    // The code that replaced them was used up too.
    const reused = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/recovery-codes',
      headers: me.headers,
      payload: { code: codeOf(seed) },
    });
    expect(reused.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/code' }] });
  });

  it('a role that requires it signs in to a session that may only enrol, then may do everything', async () => {
    const { app, database } = await createTestApp();
    const owner = await signedIn(app, database, 'owner');
    const setting = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: owner.headers,
      payload: { secondFactorRoles: ['manager'] },
    });
    expect(setting.json().secondFactorRoles).toEqual(['manager']);
    const manager = await createUser(database, 'manager');
    const viewer = await createUser(database, 'viewer');
    expect((await login(app, viewer.username)).json().secondFactorPending).toBeUndefined();

    const first = await login(app, manager.username);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ secondFactorPending: true, permissions: [] });
    const headers = {
      cookie: String(first.headers['set-cookie']).split(';')[0]!,
      'x-requested-with': 'XMLHttpRequest',
    };
    const refused = await app.inject({ method: 'GET', url: '/api/agents', headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('second_factor_enrolment_required');
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json().secondFactorPending).toBe(true);
    const status = await app.inject({ method: 'GET', url: '/api/account/second-factor', headers });
    expect(status.json()).toMatchObject({ required: true, enrolled: false });
    // Not even the account itself: the email could otherwise change before the factor is set up.
    const profile = await app.inject({
      method: 'PATCH',
      url: '/api/account',
      headers,
      payload: { email: 'elsewhere@example.test' },
    });
    expect(profile.json().code).toBe('second_factor_enrolment_required');

    const { seed } = await enrol(app, headers);
    expect((await app.inject({ method: 'GET', url: '/api/agents', headers })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json().secondFactorPending,
    ).toBeUndefined();
    const removal = await app.inject({
      method: 'DELETE',
      url: '/api/account/second-factor',
      headers,
      payload: { password: PASSWORD },
    });
    expect(removal.statusCode).toBe(403);
    expect(removal.json().detail).toMatch(/requires a second factor/);
    expect((await login(app, manager.username, { code: codeOf(seed) })).json().secondFactorPending).toBeUndefined();
  });

  it('removes your own when your role allows it, with your password', async () => {
    const { app, database } = await createTestApp();
    const me = await signedIn(app, database, 'manager');
    await enrol(app, me.headers);
    const wrong = await app.inject({
      method: 'DELETE',
      url: '/api/account/second-factor',
      headers: me.headers,
      payload: { password: 'nope' },
    });
    expect(wrong.statusCode).toBe(400);
    const removed = await app.inject({
      method: 'DELETE',
      url: '/api/account/second-factor',
      headers: me.headers,
      payload: { password: PASSWORD },
    });
    expect(removed.statusCode).toBe(204);
    expect((await login(app, me.user.username)).statusCode).toBe(200);
  });

  it("only the owner resets another user's factor; the user enrols again", async () => {
    const { app, database } = await createTestApp();
    const owner = await signedIn(app, database, 'owner');
    const admin = { headers: await signIn(app, (await createUser(database, 'administrator')).username) };
    const me = await signedIn(app, database, 'manager');
    await enrol(app, me.headers);
    const byToken = await app.inject({
      method: 'DELETE',
      url: `/api/users/${me.user.id}/second-factor`,
      headers: { authorization: (await createToken(app, owner, { permissions: ['users:write'] })).authorization },
    });
    expect(byToken.statusCode).toBe(403);
    const own = await app.inject({
      method: 'DELETE',
      url: `/api/users/${owner.user.id}/second-factor`,
      headers: owner.headers,
    });
    expect(own.json().detail).toMatch(/Account page/);
    const byAdmin = await app.inject({
      method: 'DELETE',
      url: `/api/users/${me.user.id}/second-factor`,
      headers: admin.headers,
    });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().detail).toMatch(/Only the owner/);
    const reset = await app.inject({
      method: 'DELETE',
      url: `/api/users/${me.user.id}/second-factor`,
      headers: owner.headers,
    });
    expect(reset.statusCode).toBe(204);
    expect((await login(app, me.user.username)).statusCode).toBe(200);
    const none = await app.inject({
      method: 'DELETE',
      url: `/api/users/${me.user.id}/second-factor`,
      headers: owner.headers,
    });
    expect(none.statusCode).toBe(404);
  });

  it('is managed in a signed-in session only, and only by users who sign in locally', async () => {
    const { app, database, services } = await createTestApp();
    const owner = await signedIn(app, database, 'owner');
    const token = await createToken(app, owner, { permissions: ['users:read'] });
    const byToken = await app.inject({
      method: 'POST',
      url: '/api/account/second-factor/enrolment',
      headers: { authorization: token.authorization },
      payload: { password: PASSWORD },
    });
    expect(byToken.statusCode).toBe(403);
    const directoryUser = await createUser(database, 'viewer', { authProvider: 'ldap', externalId: 'uid=x,dc=test' });
    const identity = { userId: directoryUser.id, via: 'session' } as Parameters<typeof services.secondFactor.status>[0];
    expect(await services.secondFactor.status(identity)).toMatchObject({ available: false, required: false });
    await expect(services.secondFactor.begin(identity, { password: PASSWORD })).rejects.toThrow(/directory/);
  });

  it('a rotated session secret seals every factor again; the old secret then opens none', async () => {
    const before = randomToken(32);
    const after = randomToken(32);
    const { app, database, services } = await createTestApp({ sessionSecret: before });
    const me = await signedIn(app, database, 'manager');
    const { seed, recoveryCodes } = await enrol(app, me.headers);
    expect(await resealSecondFactors(database.db, after, before, silentLogger)).toBe(1);
    expect(await resealSecondFactors(database.db, after, before, silentLogger)).toBe(0);
    const rotated = createSecondFactorService(database.db, services.settings, secondFactorBox(after), services.audit);
    const stale = createSecondFactorService(database.db, services.settings, secondFactorBox(before), services.audit);
    expect(await stale.checkAtSignIn(me.user, codeOf(seed), Date.now())).toBe('unreadable');
    expect(await rotated.checkAtSignIn(me.user, codeOf(seed), Date.now())).toBe('passed');
    expect(await rotated.checkAtSignIn(me.user, recoveryCodes[0], Date.now())).toBe('passed');
    // The app still runs on the old secret: sign-in says what went wrong instead of refusing every code.
    const unreadable = await login(app, me.user.username, { code: codeOf(seed, 1) });
    expect(unreadable.statusCode).toBe(403);
    expect(unreadable.json().code).toBe('second_factor_unreadable');
  });

  it('an invited user of a role that requires it must enrol before anything else', async () => {
    const { app, database } = await createTestApp();
    const owner = await signedIn(app, database, 'owner');
    await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: owner.headers,
      payload: { secondFactorRoles: ['administrator'] },
    });
    const invite = await app.inject({
      method: 'POST',
      url: '/api/invites',
      headers: owner.headers,
      payload: { username: 'new-admin', email: 'na@example.test', role: 'administrator' },
    });
    const code = new URL(invite.json().url).pathname.split('/').pop()!;
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/invites/accept/${code}`,
      payload: { password: 'admin password' },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ secondFactorPending: true, permissions: [] });
    const headers = {
      cookie: String(accepted.headers['set-cookie']).split(';')[0]!,
      'x-requested-with': 'XMLHttpRequest',
    };
    expect((await app.inject({ method: 'GET', url: '/api/users', headers })).json().code).toBe(
      'second_factor_enrolment_required',
    );
  });

  it('one code signs in once, even sent twice at once; spaces in it do not matter', async () => {
    const { app, database } = await createTestApp();
    const me = await signedIn(app, database, 'manager');
    const { seed } = await enrol(app, me.headers);
    const code = codeOf(seed);
    const answers = await Promise.all([
      login(app, me.user.username, { code: `${code.slice(0, 3)} ${code.slice(3)}` }),
      login(app, me.user.username, { code }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
  });

  it('wrong codes when replacing recovery codes count toward the lockout, which ends the session', async () => {
    const { app, database } = await createTestApp();
    await database.db.updateTable('settings').set({ loginLockoutAttempts: 2 }).execute();
    const me = await signedIn(app, database, 'manager');
    const { seed } = await enrol(app, me.headers);
    const wrong = () =>
      app.inject({
        method: 'POST',
        url: '/api/account/second-factor/recovery-codes',
        headers: me.headers,
        payload: { code: authenticator(base32(seed)).wrongCode() },
      });
    expect((await wrong()).statusCode).toBe(400);
    const locked = await wrong();
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account_locked');
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: me.headers })).statusCode).toBe(401);
    expect((await login(app, me.user.username, { code: codeOf(seed, 1) })).statusCode).toBe(423);
  });
});
