import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf, signIn } from './owner-session.js';

const OWNER = { username: 'shell-owner', email: 'shell-owner@example.com', password: 'shell-owner-password' };

describe('the web shell', () => {
  const suite = useBrowserSuite();

  const { ensureOwner } = ownerOf(suite, OWNER);

  /** Opens `path`, which sends an anonymous visitor to /login, and signs in there as the owner. */
  async function openAsOwner(page: Page, path: string): Promise<void> {
    await ensureOwner();
    await page.goto(`${suite.url}${path}`);
    await signIn(page, OWNER.username, OWNER.password);
  }

  it('renders the setup page before the owner exists, and the sign-in page after', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.url}/setup`);
    await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    for (const label of ['Username', 'Email', 'Password', 'Confirm password']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    await screenshot(page, 'setup');
    await ensureOwner();
    await page.goto(`${suite.url}/setup`);
    await expect.poll(() => page.url()).toBe(`${suite.url}/login`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Username', { exact: true }).count()).toBe(1);
    await screenshot(page, 'login');
    await page.close();
  });

  it('loads at / with the navigation frame and the controller version', async () => {
    const page = await suite.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openAsOwner(page, '/');
    await expect.poll(() => page.url()).toBe(`${suite.url}/agents`);
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    for (const name of ['Agents', 'Reporting Rules', 'Labels', 'Users', 'API Tokens', 'Settings']) {
      expect(await page.getByRole('link', { name, exact: true }).count(), name).toBeGreaterThan(0);
    }
    const version = ((await (await fetch(`${suite.url}/api/version`)).json()) as { version: string }).version;
    await page.getByText(version, { exact: false }).first().waitFor();
    // The heartbeat service at the foot of the navigation: no token may send heartbeats yet, so it warns.
    const health = page.getByTestId('heartbeat-health');
    await expect.poll(() => health.getAttribute('data-state')).toBe('warning');
    await page.getByText('Heartbeats: warning').waitFor();
    await screenshot(page, 'shell-agents');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('navigates on the client and keeps a deep link after a reload', async () => {
    const page = await suite.browser.newPage();
    await openAsOwner(page, '/agents');
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await page.getByRole('link', { name: 'API Tokens', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    expect(page.url()).toBe(`${suite.url}/tokens`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    await page.goto(`${suite.url}/reporting-rules`);
    await page.getByRole('heading', { level: 1, name: 'Reporting Rules' }).waitFor();
    await page.close();
  });

  it('sends an anonymous visitor of a deep link to sign in, and back to the link afterwards', async () => {
    const page = await suite.browser.newPage();
    await openAsOwner(page, '/labels');
    await page.getByRole('heading', { level: 1, name: 'Labels' }).waitFor();
    expect(page.url()).toBe(`${suite.url}/labels`);
    await page.close();
  });

  it('answers problem+json, not the UI, for an unknown API path', async () => {
    const response = await fetch(`${suite.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
