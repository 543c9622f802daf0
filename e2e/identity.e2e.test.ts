import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { signIn, signOut } from './owner-session.js';

const OWNER = { username: 'olivia', email: 'olivia@example.com', password: 'olivia-owner-password' };
const MANAGER = { username: 'manny', email: 'manny@example.com', password: 'manny-manager-password' };

/** The message shown under an input: Mantine links it to the input through aria-describedby. */
async function fieldMessage(input: Locator): Promise<string> {
  const page = input.page();
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const messages = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return messages.join(' ');
}

describe('identity in the browser', () => {
  const suite = useBrowserSuite();

  it('the setup form shows the server’s password message next to the Password field', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.url}/setup`);
    await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(OWNER.username);
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create Account' }).click();

    const password = page.getByLabel('Password', { exact: true });
    await expect.poll(() => password.getAttribute('aria-invalid')).toBe('true');
    // The page checks no length itself: this message is the server's `password_too_weak` at pointer /password.
    expect(await fieldMessage(password)).toMatch(/at least 8 characters/);
    expect(await page.getByLabel('Username', { exact: true }).getAttribute('aria-invalid')).not.toBe('true');
    expect(page.url()).toBe(`${suite.url}/setup`);
    await screenshot(page, 'identity-setup-weak-password');
    await page.close();
  });

  it('the owner invites a Manager, who joins by the link and cannot see the users', async () => {
    const owner = await suite.browser.newPage();
    const errors: string[] = [];
    owner.on('pageerror', (error) => errors.push(error.message));

    // Before setup every page leads to /setup; creating the owner signs them in.
    await owner.goto(`${suite.url}/`);
    await owner.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    await owner.getByLabel('Username', { exact: true }).fill(OWNER.username);
    await owner.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await owner.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await owner.getByLabel('Confirm password', { exact: true }).fill(OWNER.password);
    await owner.getByRole('button', { name: 'Create Account' }).click();
    await owner.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await owner.getByRole('button', { name: 'User menu' }).getByText(OWNER.username).waitFor();
    expect(owner.url()).not.toContain('/login');

    await owner.getByRole('link', { name: 'Users', exact: true }).click();
    await owner.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await owner.getByRole('link', { name: OWNER.username }).waitFor();

    await owner.getByRole('button', { name: 'Invite user' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Username', { exact: true }).fill(MANAGER.username);
    await dialog.getByLabel('Email', { exact: true }).fill(MANAGER.email);
    await dialog.getByRole('textbox', { name: 'Role' }).click();
    await owner.getByRole('option', { name: 'Manager' }).click();
    expect(await dialog.getByLabel('Expiration (hours)').inputValue()).toBe('72');
    await dialog.getByRole('button', { name: 'Create Invite' }).click();
    const linkField = dialog.getByLabel('Invite link');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${suite.url}/invite/[A-Za-z0-9_-]+$`));
    await dialog.getByText('it will not be shown again').waitFor();
    await screenshot(owner, 'identity-invite-link');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const invites = owner.getByRole('region', { name: 'Pending invites' });
    await invites.getByRole('cell', { name: MANAGER.username, exact: true }).waitFor();

    // A second browser, with no session: the link alone creates the account and signs it in.
    const managerContext = await suite.browser.newContext();
    const manager = await managerContext.newPage();
    manager.on('pageerror', (error) => errors.push(error.message));
    await manager.goto(link);
    await manager.getByRole('heading', { level: 1, name: 'Accept your invite' }).waitFor();
    expect(await manager.getByLabel('Username', { exact: true }).inputValue()).toBe(MANAGER.username);
    await manager.getByLabel('Password', { exact: true }).fill(MANAGER.password);
    await manager.getByLabel('Confirm password', { exact: true }).fill(MANAGER.password);
    await manager.getByRole('button', { name: 'Create Account' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await manager.getByRole('button', { name: 'User menu' }).getByText(MANAGER.username).waitFor();

    await signOut(manager);
    await signIn(manager, MANAGER.username, MANAGER.password);
    await manager.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    const nav = manager.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Agents', exact: true }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'API Tokens', exact: true }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Settings', exact: true }).count()).toBe(0);

    await manager.goto(`${suite.url}/users`);
    await manager.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await manager.getByText('Access denied').waitFor();
    expect(await manager.getByRole('table').count()).toBe(0);
    expect(await manager.getByText(OWNER.email).count()).toBe(0);
    // The page only mirrors the server, which refuses the list to a Manager.
    expect(await manager.evaluate(() => fetch('/api/users').then((response) => response.status))).toBe(403);
    await screenshot(manager, 'identity-manager-users');

    expect(errors).toEqual([]);
    await managerContext.close();
    await owner.close();
  });
});
