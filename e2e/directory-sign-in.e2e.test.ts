import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT, startController } from '../server/src/controller.js';
import { newId } from '../server/src/lib/ids.js';
import { DEFAULT_RULES } from '../server/src/modules/provisioning/provisioning.service.js';
import { releaseAfterTest, silentLogger, testOptions } from '../server/test/harness.js';
import { describeLdap, ldapSettings, startSlapd } from '../server/test/ldap/slapd.js';
import { CHROMIUM, CHROMIUM_ARGS, screenshot } from './browser.js';
import { signIn } from './owner-session.js';

const OWNER = { username: 'dora', email: 'dora@example.com', password: 'dora-owner-password' };

describeLdap('signing in through the directory in the browser', () => {
  it('a directory user picks LDAP on the sign-in page, gets the mapped role, and the owner sees how they sign in', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'ann', password: 'ann-secret', mail: 'ann@example.com', displayName: 'Ann Ops' });
    await directory.setGroup('ops', ['ann']);
    const dir = mkdtempSync(join(tmpdir(), 'tc-e2e-ldap-'));
    const controller = await startController(
      testOptions({
        database: { engine: 'sqlite', file: join(dir, 'sqlite.db') },
        ownerUsername: OWNER.username,
        ownerEmail: OWNER.email,
        ownerPassword: OWNER.password,
        ldap: ldapSettings(directory, { timeoutMs: 3000 }),
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
      .values({ ...DEFAULT_RULES, strategy: 'auto_create', provider: 'ldap', updatedAt: now })
      .execute();
    await controller.database.db
      .insertInto('groupRoleMappings')
      .values({
        id: newId(),
        provider: 'ldap',
        groupName: directory.groupDn('ops'),
        groupKey: directory.groupDn('ops').toLowerCase(),
        role: 'manager',
        createdAt: now,
      })
      .execute();
    const url = `http://127.0.0.1:${(controller.listeners.api.server.address() as AddressInfo).port}`;

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/login`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('Directory (LDAP)', { exact: true }).click();
    await page.getByText('Use your company directory account.').waitFor();
    await screenshot(page, 'sign-in-directory');
    // A wrong password is refused in the page's words.
    await signIn(page, 'ann', 'wrong');
    await page.getByText('Wrong username or password').waitFor();
    await signIn(page, 'ann', 'ann-secret');
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.user).toMatchObject({ username: 'ann', role: 'manager', displayName: 'Ann Ops' });

    const owner = await (await browser.newContext()).newPage();
    await owner.goto(`${url}/users`);
    await signIn(owner, OWNER.username, OWNER.password);
    const row = owner.getByRole('row').filter({ hasText: 'ann@example.com' });
    await row.getByText('Directory (LDAP)').waitFor();
    await row.getByRole('link', { name: 'ann' }).click();
    await owner.getByText(directory.userDn('ann')).waitFor();
    await screenshot(owner, 'users-directory-user');

    // The owner checks the directory and adds a mapping on the settings page.
    await owner.goto(`${url}/settings`);
    const ldap = owner.getByRole('region', { name: 'LDAP Authentication' });
    await ldap.getByText(directory.ldapUrl).waitFor();
    await ldap.getByLabel('Test connection').fill('ann');
    await ldap.getByRole('button', { name: 'Test', exact: true }).click();
    await ldap.getByText('The service account signed in and found ann').waitFor();
    await ldap.getByText(directory.groupDn('ops')).first().waitFor();
    await ldap.getByRole('button', { name: 'Add mapping' }).click();
    await ldap.getByLabel('Group 2', { exact: true }).fill(directory.groupDn('admins'));
    await ldap.getByRole('button', { name: 'Save' }).click();
    await owner.getByText('LDAP rules saved').waitFor();
    await screenshot(owner, 'settings-ldap');
    const saved = await owner.evaluate(async () => (await fetch('/api/auth/settings')).json());
    expect(saved.ldap.provisioning.mappings).toEqual([
      { group: directory.groupDn('admins'), role: 'viewer' },
      { group: directory.groupDn('ops'), role: 'manager' },
    ]);
    expect(errors).toEqual([]);
  });
});
