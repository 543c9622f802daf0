import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { CLIENT, startOidcProvider, type Account } from '../../../test/oidc/provider.js';
import { callbackFromProvider } from '../../../test/oidc/provider-browserless.js';
import { newId } from '../../lib/ids.js';
import { DEFAULT_RULES } from '../provisioning/provisioning.service.js';

// Never called: the test takes the provider's redirect to it and hands the callback to the app itself.
const CONTROLLER = 'http://127.0.0.1:9';
const CALLBACK = `${CONTROLLER}/api/auth/oidc/callback`;

/** An app with OIDC against a real provider, anyone it signs in admitted, and the group "sre" mapped to Manager. */
async function setUp(accounts: Record<string, Account>) {
  const provider = await startOidcProvider(CALLBACK, accounts);
  const { app, database } = await createTestApp({
    options: {
      oidc: {
        issuer: provider.issuer,
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        redirectUri: CALLBACK,
        scopes: 'openid profile email',
        usernameClaim: 'preferred_username',
        groupsClaim: 'groups',
        displayName: 'SSO',
        postLoginRedirect: '/agents',
        allowInsecure: true,
        jwksCooldownSeconds: 0,
      },
    },
  });
  const now = new Date().toISOString();
  await database.db
    .insertInto('authProvisioning')
    .values({ ...DEFAULT_RULES, strategy: 'auto_create', provider: 'oidc', updatedAt: now })
    .execute();
  await database.db
    .insertInto('groupRoleMappings')
    .values({ id: newId(), provider: 'oidc', groupName: 'sre', groupKey: 'sre', role: 'manager', createdAt: now })
    .execute();
  return { app, database, provider };
}

/** The whole code flow: the start, the provider's pages, the callback; answers the callback's reply. */
async function signIn(app: FastifyInstance, login: string) {
  const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/login' });
  expect(start.statusCode).toBe(302);
  const state = String(start.headers['set-cookie']).split(';')[0]!;
  const callback = await callbackFromProvider(start.headers.location!, login, CALLBACK);
  return app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: { cookie: state },
  });
}

const sessionOf = (reply: Awaited<ReturnType<typeof signIn>>) => ({
  cookie: String(reply.headers['set-cookie'])
    .split(/,(?=\s*tc_)/)
    .map((part) => part.trim().split(';')[0]!)
    .find((pair) => pair.startsWith('tc_session='))!,
  'x-requested-with': 'XMLHttpRequest',
});

const PIA: Account = { preferred_username: 'pia', email: 'pia@example.com', email_verified: true, groups: ['sre'] };

describe(`single sign-on through a real provider on ${engine}`, () => {
  it('signs in with the mapped role, keeps the ID token, and logging out answers the provider’s logout page', async () => {
    const { app, database, provider } = await setUp({ pia: PIA });
    const answer = await signIn(app, 'pia');
    expect(answer.statusCode).toBe(302);
    expect(answer.headers.location).toBe('/agents');
    const headers = sessionOf(answer);
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers })).json();
    expect(me.user).toMatchObject({ username: 'pia', role: 'manager' });
    const [session] = await database.db.selectFrom('sessions').select('idToken').execute();
    expect(session!.idToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(logout.statusCode).toBe(200);
    const end = new URL(logout.json().endSessionUrl);
    expect(end.href.startsWith(`${provider.issuer}/session/end`)).toBe(true);
    expect(end.searchParams.get('id_token_hint')).toBe(session!.idToken);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${CONTROLLER}/login`);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    expect(await database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    // The audit log: the account made at the first sign-in, the sign-in and the sign-out, in order.
    const actions = await database.db.selectFrom('auditLog').select(['action', 'details']).orderBy('seq').execute();
    expect(actions.map((entry) => entry.action)).toEqual(['user.provision', 'user.login', 'user.logout']);
    expect(JSON.parse(actions[0]!.details)).toMatchObject({ provider: 'oidc', externalId: 'pia', role: 'manager' });
    expect(JSON.parse(actions[1]!.details)).toEqual({ provider: 'oidc' });
  });

  it('reads rotated keys again, and refuses a token signed with an unpublished key or without the groups claim', async () => {
    const { app, provider } = await setUp({ pia: PIA, nog: { preferred_username: 'nog', email: 'nog@example.com' } });
    expect((await signIn(app, 'pia')).headers.location).toBe('/agents');
    await provider.rotateKeys();
    expect((await signIn(app, 'pia')).headers.location).toBe('/agents');
    provider.tamperIdTokens((claims) => ({ claims, foreignKey: true }));
    const forged = await signIn(app, 'pia');
    expect(forged.headers.location).toBe('/login?sso_error=refused');
    expect(String(forged.headers['set-cookie'])).not.toContain('tc_session=');
    provider.tamperIdTokens(undefined);
    expect((await signIn(app, 'nog')).headers.location).toBe('/login?sso_error=refused');
  });
});
