import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';

describe('the web shell', () => {
  const suite = useBrowserSuite();

  it('loads at / with the navigation frame and the controller version', async () => {
    const page = await suite.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${suite.url}/`);
    await expect.poll(() => page.url()).toBe(`${suite.url}/agents`);
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    for (const name of ['Agents', 'Reporting Rules', 'Labels', 'Users', 'API Tokens', 'Settings']) {
      expect(await page.getByRole('link', { name, exact: true }).count(), name).toBeGreaterThan(0);
    }
    const version = ((await (await fetch(`${suite.url}/api/version`)).json()) as { version: string }).version;
    await page.getByText(version, { exact: false }).first().waitFor();
    await screenshot(page, 'shell-agents');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('navigates on the client and keeps a deep link after a reload', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.url}/agents`);
    await page.getByRole('link', { name: 'API Tokens', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    expect(page.url()).toBe(`${suite.url}/tokens`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    await page.goto(`${suite.url}/reporting-rules`);
    await page.getByRole('heading', { level: 1, name: 'Reporting Rules' }).waitFor();
    await page.close();
  });

  it('renders the setup page and the sign-in page', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.url}/setup`);
    await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    for (const label of ['Username', 'Email', 'Password', 'Confirm password']) {
      expect(await page.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    await screenshot(page, 'setup');
    await page.goto(`${suite.url}/login`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Username', { exact: true }).count()).toBe(1);
    await screenshot(page, 'login');
    await page.close();
  });

  it('answers problem+json, not the UI, for an unknown API path', async () => {
    const response = await fetch(`${suite.url}/api/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
