import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT, startController } from '../server/src/controller.js';
import { DEFAULT_RULES } from '../server/src/modules/provisioning/provisioning.service.js';
import { newId } from '../server/src/lib/ids.js';
import { sealState } from '../server/src/modules/oidc/oidc-state.js';
import { freePort } from '../server/test/free-port.js';
import { releaseAfterTest, silentLogger, testOptions } from '../server/test/harness.js';
import { CLIENT, startOidcProvider } from '../server/test/oidc/provider.js';
import { CHROMIUM, CHROMIUM_ARGS, screenshot } from './browser.js';

const SECRET = 'sso-test-session-secret-0123456789abcdef';
const OWNER = { username: 'sso-owner', email: 'sso-owner@example.com', password: 'sso-owner-password' };

/** The controller with OIDC against `provider`, auto_create with one group mapped, and a headless Chromium. */
async function setUp(accounts: Parameters<typeof startOidcProvider>[1]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider(`${url}/api/auth/oidc/callback`, accounts);
  const dir = mkdtempSync(join(tmpdir(), 'tc-e2e-oidc-'));
  const controller = await startController(
    testOptions({
      port,
      database: { engine: 'sqlite', file: join(dir, 'sqlite.db') },
      ownerUsername: OWNER.username,
      ownerEmail: OWNER.email,
      ownerPassword: OWNER.password,
      sessionSecret: SECRET,
      oidc: {
        issuer: provider.issuer,
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
        redirectUri: `${url}/api/auth/oidc/callback`,
        scopes: 'openid profile email',
        usernameClaim: 'preferred_username',
        groupsClaim: 'groups',
        displayName: 'Example SSO',
        postLoginRedirect: '/agents',
        allowInsecure: true,
        // A rotated key is fetched at once (the production default waits 30 s between fetches).
        jwksCooldownSeconds: 0,
      },
    }),
    silentLogger,
    { webRoot: DEFAULT_WEB_ROOT },
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  releaseAfterTest(async () => {
    await browser.close();
    await controller.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const now = new Date().toISOString();
  await controller.database.db
    .insertInto('authProvisioning')
    .values({ ...DEFAULT_RULES, strategy: 'auto_create', provider: 'oidc', updatedAt: now })
    .execute();
  await controller.database.db
    .insertInto('groupRoleMappings')
    .values({ id: newId(), provider: 'oidc', groupName: 'sre', groupKey: 'sre', role: 'manager', createdAt: now })
    .execute();
  return { url, provider, controller, browser };
}

/** Clicks the SSO button and signs in on the provider's own pages as `login`. */
async function signInThroughProvider(page: Page, url: string, login: string, label = 'Example SSO') {
  await page.goto(`${url}/login`);
  await page.getByRole('link', { name: `Sign in with ${label}` }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  // The provider asks to authorize the client once.
  await page.locator('button[type="submit"]').click();
}

describe('single sign-on (OIDC) in the browser', () => {
  it('signs in through a real provider with PKCE, maps the groups claim, and survives a key rotation', async () => {
    const { url, provider, browser } = await setUp({
      pia: {
        preferred_username: 'pia',
        name: 'Pia SRE',
        email: 'pia@example.com',
        email_verified: true,
        groups: ['sre'],
      },
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await signInThroughProvider(page, url, 'pia');
    await page.waitForURL(`${url}/agents`);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.user).toMatchObject({ username: 'pia', role: 'manager', displayName: 'Pia SRE' });
    const authorize = new URL(requested.find((address) => address.startsWith(`${provider.issuer}/auth?`))!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    // The owner tests the connection and renames the button through the settings API.
    const session = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: OWNER.username, password: OWNER.password }),
    });
    const headers = { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-requested-with': 'XMLHttpRequest' };
    const test = await (await fetch(`${url}/api/auth/settings/oidc/test`, { method: 'POST', headers })).json();
    expect(test).toMatchObject({ ok: true });
    expect(test.keys).toBeGreaterThanOrEqual(1);
    const settings = await (await fetch(`${url}/api/auth/settings`, { headers })).json();
    expect(settings.oidc).toMatchObject({
      enabled: true,
      connection: { issuer: provider.issuer, clientId: CLIENT.id },
      effective: { displayName: 'Example SSO', groupsClaim: 'groups' },
    });
    expect(JSON.stringify(settings)).not.toContain(CLIENT.secret);
    // On the Settings page: the connection read-only, Test connection, and a new label for the button.
    const ownerPage = await (await browser.newContext()).newPage();
    await ownerPage.goto(`${url}/settings`);
    await ownerPage.getByLabel('Username', { exact: true }).fill(OWNER.username);
    await ownerPage.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    const section = ownerPage.getByRole('region', { name: 'OIDC Authentication' });
    await section.getByText(provider.issuer, { exact: true }).waitFor();
    await section.getByRole('button', { name: 'Test connection' }).click();
    await section.getByText(/signing keys? read from the provider/).waitFor();
    await section.getByLabel('Sign-in button label').fill('Corp Login');
    await section.getByRole('button', { name: 'Save' }).click();
    await ownerPage.getByText('OIDC rules saved').waitFor();
    await screenshot(ownerPage, 'settings-oidc');
    expect((await (await fetch(`${url}/api/auth/status`)).json()).oidcDisplayName).toBe('Corp Login');

    // The provider's signing key changes: the next ID token has a key id the controller fetches anew.
    await provider.rotateKeys();
    const again = await (await browser.newContext()).newPage();
    await signInThroughProvider(again, url, 'pia', 'Corp Login');
    await again.waitForURL(`${url}/agents`);

    // Logging out ends the provider's session too (RP-initiated logout), and comes back to the sign-in page.
    await again.getByRole('button', { name: 'User menu' }).click();
    await again.getByRole('menuitem', { name: 'Log out' }).click();
    await again.waitForURL((address) => address.href.startsWith(`${provider.issuer}/session/end`));
    const endSession = new URL(again.url());
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${url}/login`);
    await again.getByRole('button', { name: 'Yes, sign me out' }).click();
    await again.waitForURL(`${url}/login`);
    expect(await again.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(401);
    // The provider asks for the password again: its session is gone as well.
    await signInThroughProvider(again, url, 'pia', 'Corp Login');
    await again.waitForURL(`${url}/agents`);
    expect(errors).toEqual([]);
  });

  it(
    'refuses a tampered state, a replayed code and a missing groups claim, and says so on the sign-in page',
    { timeout: 90_000 },
    async () => {
      const { url, browser } = await setUp({
        pia: { preferred_username: 'pia', email: 'pia@example.com', email_verified: true, groups: ['sre'] },
        nog: { preferred_username: 'nog', email: 'nog@example.com', email_verified: true },
      });
      // Tampered state: a callback whose state is not the one the browser's sealed cookie holds is refused before
      // any code is exchanged.
      const sealed = sealState(SECRET, { state: 'state-started-here', nonce: 'n', verifier: 'v'.repeat(43) });
      const tampered = await fetch(`${url}/api/auth/oidc/callback?code=abc&state=state-from-elsewhere`, {
        headers: { cookie: `tc_oidc=${encodeURIComponent(sealed)}` },
        redirect: 'manual',
      });
      expect(tampered.status).toBe(302);
      expect(tampered.headers.get('location')).toBe('/login?sso_error=refused');
      expect(tampered.headers.get('set-cookie') ?? '').not.toContain('tc_session=');
      // A forged cookie (not signed with this controller's secret) is refused the same way.
      const forged = await fetch(`${url}/api/auth/oidc/callback?code=abc&state=s`, {
        headers: {
          cookie: `tc_oidc=${encodeURIComponent(sealState('another-secret', { state: 's', nonce: 'n', verifier: 'v' }))}`,
        },
        redirect: 'manual',
      });
      expect(forged.headers.get('location')).toBe('/login?sso_error=refused');
      const page0 = await browser.newPage();
      await page0.goto(`${url}/login?sso_error=refused`);
      await page0.getByText('Single sign-on was refused').waitFor();

      // Replayed code: the callback of a finished sign-in, sent again with its state cookie, is refused.
      const context = await browser.newContext();
      const page = await context.newPage();
      let callback = '';
      let stateCookie = '';
      page.on('request', async (request) => {
        if (request.url().includes('/api/auth/oidc/callback?')) {
          callback = request.url();
          stateCookie = (await request.allHeaders()).cookie ?? '';
        }
      });
      await signInThroughProvider(page, url, 'pia');
      await page.waitForURL(`${url}/agents`);
      const replay = await fetch(callback, { headers: { cookie: stateCookie }, redirect: 'manual' });
      expect(replay.status).toBe(302);
      expect(replay.headers.get('location')).toBe('/login?sso_error=refused');
      expect(replay.headers.get('set-cookie') ?? '').not.toContain('tc_session=');

      // No groups claim at all: refused, not demoted to the default role.
      const missing = await (await browser.newContext()).newPage();
      await signInThroughProvider(missing, url, 'nog');
      await missing.waitForURL(`${url}/login?sso_error=refused`);
      await screenshot(missing, 'sign-in-sso-refused');
    },
  );

  it(
    'refuses an ID token with a wrong nonce, an expired one, and one signed with a key the provider never published',
    { timeout: 90_000 },
    async () => {
      const { url, browser, provider } = await setUp({
        pia: { preferred_username: 'pia', email: 'pia@example.com', email_verified: true, groups: ['sre'] },
      });
      const signIn = async () => {
        const tab = await (await browser.newContext()).newPage();
        await signInThroughProvider(tab, url, 'pia');
        await tab.waitForURL((address) => address.pathname === '/agents' || address.pathname === '/login');
        return new URL(tab.url());
      };
      // Re-signed by the provider's own key, unchanged: accepted (what follows is refused for its claims or key).
      provider.tamperIdTokens((claims) => ({ claims }));
      expect((await signIn()).pathname).toBe('/agents');
      const now = Math.floor(Date.now() / 1000);
      // An ID token minted for another sign-in (its nonce is not the one this sign-in sent).
      provider.tamperIdTokens((claims) => ({ claims: { ...claims, nonce: 'a-nonce-this-sign-in-never-sent' } }));
      expect((await signIn()).search).toBe('?sso_error=refused');
      provider.tamperIdTokens((claims) => ({ claims: { ...claims, iat: now - 7200, exp: now - 3600 } }));
      expect((await signIn()).search).toBe('?sso_error=refused');
      provider.tamperIdTokens((claims) => ({ claims, foreignKey: true }));
      expect((await signIn()).search).toBe('?sso_error=refused');
      provider.tamperIdTokens((claims) => ({ claims: { ...claims, aud: 'another-client' } }));
      expect((await signIn()).search).toBe('?sso_error=refused');
      provider.tamperIdTokens((claims) => ({ claims: { ...claims, iss: 'https://elsewhere.example.com' } }));
      expect((await signIn()).search).toBe('?sso_error=refused');
      provider.tamperIdTokens(undefined);
      expect((await signIn()).pathname).toBe('/agents');
    },
  );
});
