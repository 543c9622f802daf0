import type { TokenCreated, TokenList } from '@telegraf-controller/contract/tokens';
import { describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../server/test/factories.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { ownerOf, signIn } from './owner-session.js';

const OWNER = { username: 'tina-owner', email: 'tina-owner@example.com', password: 'tina-owner-password' };

describe('API tokens in the browser', () => {
  const suite = useBrowserSuite();

  const { ensureOwner, session: ownerSession, asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  /** What the API says about whoever presents `token`. */
  async function meWithToken(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${suite.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('the owner creates a custom token that works with exactly its grid, until it is revoked in the UI', async () => {
    await ensureOwner();
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${suite.url}/tokens`);
    await signIn(page, OWNER.username, OWNER.password);
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    await page.getByText('No API tokens yet').waitFor();

    await page.getByRole('button', { name: 'Create API Token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Description').fill('ci-agent');
    await dialog.getByRole('textbox', { name: 'Expiration' }).click();
    await page.getByRole('option', { name: '30 days' }).click();
    await dialog.getByText('Custom', { exact: true }).click();
    await dialog.getByRole('checkbox', { name: 'Configurations: Read' }).check();
    await dialog.getByRole('checkbox', { name: 'Agents: All' }).check();
    await dialog.getByRole('checkbox', { name: 'Heartbeat: Write' }).check();
    for (const action of ['Read', 'Write', 'Delete']) {
      expect(await dialog.getByRole('checkbox', { name: `Agents: ${action}` }).isChecked(), action).toBe(true);
    }
    expect(await dialog.getByRole('checkbox', { name: 'Configurations: Write' }).isChecked()).toBe(false);
    // The owner's role grants everything: no cell is disabled.
    expect(await dialog.getByRole('checkbox', { name: 'Users: Delete' }).isDisabled()).toBe(false);
    await dialog.getByRole('button', { name: 'Provide your own token string' }).waitFor();
    await screenshot(page, 'tokens-create-form');

    await dialog.getByRole('button', { name: 'Create Token' }).click();
    const valueField = dialog.getByLabel('Token value');
    await valueField.waitFor();
    const value = await valueField.inputValue();
    expect(value).toMatch(/^tc-apiv1_[0-9a-f]{64}$/);
    await dialog.getByText('it cannot be shown again').waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).waitFor();
    expect(await dialog.getByText('Some permissions were dropped').count()).toBe(0);
    await screenshot(page, 'tokens-created-panel');

    const me = await meWithToken(value);
    expect(me.status).toBe(200);
    expect(me.body.via).toBe('token');
    expect(me.body.permissions).toEqual([
      'configs:read',
      'agents:read',
      'agents:write',
      'agents:delete',
      'heartbeat:write',
    ]);

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ci-agent', exact: true }) });
    await row.getByText('Active').waitFor();
    await row.getByText('5 permissions', { exact: false }).waitFor();
    await page.reload();
    await row.getByText('from 127.0.0.1').waitFor();
    await screenshot(page, 'tokens-list');

    await row.getByRole('button', { name: 'Actions for ci-agent' }).click();
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke token' });
    await confirm.getByText('stops working at once', { exact: false }).waitFor();
    // No agent sent heartbeats with it: the confirmation says nothing of agents.
    expect(await confirm.getByText('will lose access', { exact: false }).count()).toBe(0);
    await screenshot(page, 'tokens-revoke-confirm');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.getByText('Revoked').waitFor();

    const revoked = await meWithToken(value);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('token_revoked');

    await row.getByRole('link', { name: 'ci-agent', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'ci-agent' }).waitFor();
    await page
      .getByText(`tc-apiv1_…${value.slice(-4)}`)
      .first()
      .waitFor();
    await page.getByText(`by ${OWNER.username}`).first().waitFor();
    await screenshot(page, 'tokens-detail-overview');
    await page.getByRole('tab', { name: 'Manage' }).click();
    await page.getByRole('button', { name: 'Delete token' }).waitFor();
    expect(await page.getByRole('button', { name: 'Revoke token' }).count()).toBe(0);
    await screenshot(page, 'tokens-detail-manage');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('a Manager choosing Custom sees the Users cells disabled: their role cannot grant them', async () => {
    await ensureOwner();
    const taken = await fetch(`${suite.url}/api/tokens`, {
      method: 'POST',
      headers: await ownerSession(),
      body: JSON.stringify({ name: 'owner-backup', preset: 'read-only' }),
    });
    expect(taken.status).toBe(201);
    const manager = await createUser(suite.controller.database, 'manager', { username: 'mark-manager' });
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 1100 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${suite.url}/tokens`);
    await signIn(page, manager.username, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    // A Manager sees only their own tokens, so the owner's are not listed and there is no owner filter.
    await page.getByText('No API tokens yet').waitFor();

    await page.getByRole('button', { name: 'Create API Token' }).click();
    const dialog = page.getByRole('dialog');
    // The dialog opens on Full access, without the grid: choosing permissions is optional.
    expect(await dialog.getByRole('radio', { name: 'Full access' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'Users: Read' }).count()).toBe(0);
    await dialog.getByText('Custom', { exact: true }).click();
    for (const action of ['All', 'Read', 'Write', 'Delete']) {
      const cell = dialog.getByRole('checkbox', { name: `Users: ${action}` });
      expect(await cell.isDisabled(), action).toBe(true);
      expect(await cell.isChecked(), action).toBe(false);
    }
    await dialog.getByRole('checkbox', { name: 'Agents: Delete' }).check();
    expect(await dialog.getByRole('checkbox', { name: 'Agents: Delete' }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Users: Read' }).hover();
    await page.getByText('Your role cannot grant this').waitFor();
    await screenshot(page, 'tokens-manager-custom');

    // Descriptions are unique on the whole controller: the server's 409 lands next to the field.
    const description = dialog.getByLabel('Description');
    await description.fill('owner-backup');
    await dialog.getByRole('button', { name: 'Create Token' }).click();
    await expect.poll(() => description.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText('is the description of another token').waitFor();
    expect(await dialog.getByRole('alert').filter({ hasText: 'The token was not created' }).count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('a token made with only a description has the full role; its value copies on plain HTTP, and closing before copying asks', async () => {
    await ensureOwner();
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    // A plain-HTTP deployment: no secure context, so no Clipboard API.
    await context.addInitScript(() => Object.defineProperty(window, 'isSecureContext', { value: false }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${suite.url}/tokens`);
    await signIn(page, OWNER.username, OWNER.password);
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();

    await page.getByRole('button', { name: 'Create API Token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API Token' });
    await dialog.getByText('Full access: everything your role allows.').waitFor();
    await dialog.getByLabel('Description').fill('only-a-description');
    await dialog.getByRole('button', { name: 'Create Token' }).click();
    const shown = page.getByRole('dialog', { name: 'API token created' });
    const value = await shown.getByLabel('Token value').inputValue();
    const me = await meWithToken(value);
    expect(me.status).toBe(200);
    // Everything the owner's role allows, without choosing anything.
    expect(me.body.permissions).toEqual(expect.arrayContaining(['users:delete', 'settings:write', 'heartbeat:write']));

    // Closing before the value was copied asks first; Cancel keeps it on screen.
    await page.keyboard.press('Escape');
    const ask = page.getByRole('dialog', { name: 'Close without copying the token?' });
    await ask.waitFor();
    await screenshot(page, 'tokens-close-before-copy');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    await shown.getByLabel('Token value').waitFor();

    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });
    expect(await page.getByRole('dialog', { name: 'Close without copying the token?' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the owner selects tokens, sees what a reassign to a Viewer drops, and revokes them in bulk', async () => {
    await ensureOwner();
    const headers = await ownerSession();
    for (const body of [
      { name: 'fleet-nightly-export', preset: 'telegraf-agent', expiresInDays: 5 },
      { name: 'fleet-grafana-read', preset: 'read-only' },
    ]) {
      const created = await fetch(`${suite.url}/api/tokens`, { method: 'POST', headers, body: JSON.stringify(body) });
      expect(created.status).toBe(201);
    }
    await createUser(suite.controller.database, 'viewer', { username: 'val-viewer' });
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${suite.url}/tokens`);
    await signIn(page, OWNER.username, OWNER.password);
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    // Only this test's tokens: other tests of the file leave theirs behind.
    await page.getByRole('textbox', { name: 'Search tokens' }).fill('fleet-');
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Active' }).click();
    const nightly = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'fleet-nightly-export' }) });
    await nightly.getByText('Expires in 5 days').waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(3);

    await page.getByRole('checkbox', { name: 'Select all shown tokens' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    await screenshot(page, 'tokens-bulk-selection');

    await bulk.getByRole('button', { name: 'Reassign' }).click();
    const reassign = page.getByRole('dialog', { name: 'Reassign 2 tokens' });
    await reassign.getByRole('textbox', { name: 'New owner' }).fill('val');
    await page.getByRole('option', { name: /val-viewer/ }).click();
    await reassign.getByText('val-viewer is Viewer').waitFor();
    await reassign.getByText('Heartbeat: Write', { exact: false }).waitFor();
    await screenshot(page, 'tokens-bulk-reassign');
    await reassign.getByRole('button', { name: 'Cancel' }).click();
    await reassign.waitFor({ state: 'hidden' });

    await bulk.getByRole('button', { name: 'Revoke' }).click();
    const revoke = page.getByRole('dialog', { name: 'Revoke 2 tokens' });
    await revoke.getByText('These 2 tokens stop working at once', { exact: false }).waitFor();
    await revoke.getByRole('button', { name: 'Revoke 2 tokens' }).click();
    await page.getByText('2 tokens revoked').waitFor();
    await page.getByText('No token matches these filters.').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  });

  it('revoking a token that created others offers to revoke them too, under the policy the UI ships with', async () => {
    await ensureOwner();
    const headers = await ownerSession();
    const mint = async (body: object, auth: Record<string, string>) => {
      const response = await fetch(`${suite.url}/api/tokens`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { token: string };
    };
    const parent = await mint({ name: 'rotate-me', preset: 'full-access' }, headers);
    const child = await mint(
      { name: 'minted-by-rotate-me', preset: 'read-only' },
      {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${parent.token}`,
      },
    );
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 960 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    await page.goto(`${suite.url}/tokens`);
    await signIn(page, OWNER.username, OWNER.password);
    await page.getByRole('textbox', { name: 'Search tokens' }).fill('rotate-me');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'rotate-me', exact: true }) });
    await row.getByRole('button', { name: 'Actions for rotate-me' }).click();
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke token' });
    const cascade = confirm.getByRole('checkbox', { name: /Also revoke the token created with this one/ });
    expect(await cascade.isChecked()).toBe(false);
    await cascade.check();
    await screenshot(page, 'tokens-revoke-children');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('rotate-me and the tokens created with it no longer work.').waitFor();
    expect((await meWithToken(child.token)).body.code).toBe('token_revoked');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a token counts the agents that heartbeat with it, its revoke says they lose access, and View agents lists them', async () => {
    await sendHeartbeats([
      { id: 'east-01', hostname: 'east-01', status: 'OK' },
      { id: 'east-02', hostname: 'east-02', status: 'OK' },
    ]);
    const west = await asOwner<TokenCreated>('POST', '/api/tokens', { name: 'west agents', preset: 'telegraf-agent' });
    await sendHeartbeats([{ id: 'west-01', hostname: 'west-01', status: 'OK' }], { token: west.token });
    const fleet = (await asOwner<TokenList>('GET', '/api/tokens?search=fleet%20agents')).items[0]!;
    expect(fleet).toMatchObject({ name: 'fleet agents', agentCount: 2 });

    const { page, errors } = await openSignedIn('/tokens');
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'fleet agents', exact: true }) });
    expect(await row.getByTestId('token-agents').innerText()).toBe('2');
    await row.getByRole('button', { name: 'Actions for fleet agents' }).click();
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke token' });
    await confirm
      .getByText('2 agents sent heartbeats with this token in the last 30 days and will lose access.')
      .waitFor();
    await screenshot(page, 'tokens-revoke-agents');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });

    await row.getByRole('link', { name: 'fleet agents', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'fleet agents' }).waitFor();
    await page.getByText('2 agents in the last 30 days').waitFor();
    await page.getByRole('link', { name: 'View agents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    expect(new URL(page.url()).searchParams.get('token')).toBe(fleet.id);
    const filters = page.getByRole('list', { name: 'Active filters' });
    await filters.getByText('Token: fleet agents').waitFor();
    const table = page.getByRole('table', { name: 'Agents' });
    const names = async () => (await table.locator('tbody tr td:nth-child(2) a').allInnerTexts()).sort();
    await expect.poll(names).toEqual(['east-01', 'east-02']);
    await screenshot(page, 'agents-filtered-by-token');

    await table.getByRole('link', { name: 'east-01', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'east-01' }).waitFor();
    const token = page.getByRole('region', { name: 'Agent Metadata' }).getByRole('link', { name: 'fleet agents' });
    expect(await token.getAttribute('href')).toBe(`/tokens/${fleet.id}`);
    await page.goBack();
    await page.getByRole('button', { name: 'Remove filter Token: fleet agents' }).click();
    await expect.poll(names).toEqual(['east-01', 'east-02', 'west-01']);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('a Viewer has no API Tokens item and is refused the page', async () => {
    await ensureOwner();
    const viewer = await createUser(suite.controller.database, 'viewer', { username: 'vera-viewer' });
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.url}/tokens`);
    await signIn(page, viewer.username, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'API Tokens' }).waitFor();
    await page.getByText('Access denied').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'API Tokens', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create API Token' }).count()).toBe(0);
    await context.close();
  });
});
