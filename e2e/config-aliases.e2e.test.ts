import type { AliasList } from '@telegraf-controller/contract/configs';
import { describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../server/test/factories.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf, signIn } from './owner-session.js';

const OWNER = { username: 'alma-owner', email: 'alma-owner@example.com', password: 'alma-owner-password' };

describe('configuration aliases in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the owner adds an alias that serves the TOML, is refused one that is taken, moves one and removes one', async () => {
    const target = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'alias-target',
      toml: '[[inputs.cpu]]\n  percpu = true\n',
    });
    const other = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'alias-other',
      toml: '[[inputs.mem]]\n',
    });
    await asOwner('POST', `/api/configs/${other.id}/aliases`, { alias: 'taken-one' });

    const { page, errors } = await openSignedIn(`/configs/${target.id}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url });
    await page.getByRole('heading', { level: 1, name: 'alias-target' }).waitFor();
    await page.getByRole('tab', { name: 'Aliases' }).click();
    const card = page.getByRole('region', { name: 'Aliases', exact: true });
    await card.getByText('No aliases yet', { exact: false }).waitFor();
    const field = card.getByRole('textbox', { name: 'New alias' });
    const add = card.getByRole('button', { name: 'Add Alias' });

    // The contract's naming rule is checked before anything is sent.
    await field.fill('Edge_Prod');
    await add.click();
    await card.getByText('Use 3 to 63 lower-case letters', { exact: false }).waitFor();

    await field.fill('edge-prod');
    await add.click();
    const url = `${suite.url}/c/edge-prod`;
    const table = card.getByRole('table', { name: 'Aliases' });
    await table.getByRole('link', { name: url }).waitFor();
    expect(await field.inputValue()).toBe('');

    // Taken by another configuration: the server's 409 alias_conflict message sits under the field.
    await field.fill('taken-one');
    await add.click();
    await card.getByText(`is taken by config ${other.id}`).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'config-aliases');

    await table.getByRole('button', { name: 'Copy URL of edge-prod' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    // The alias URL serves the rendered TOML to the signed-in session.
    const served = await page.request.get(url);
    expect(served.status()).toBe(200);
    expect(await served.text()).toContain('percpu = true');

    // Moved to the other configuration: it leaves this list, and the URL serves the other TOML.
    await table.getByRole('button', { name: 'Actions for edge-prod' }).click();
    await page.getByRole('menuitem', { name: 'Move to…' }).click();
    const move = page.getByRole('dialog', { name: 'Move alias' });
    await move.getByRole('textbox', { name: 'Move to configuration' }).click();
    await page.getByRole('option', { name: 'alias-other' }).click();
    await move.getByRole('button', { name: 'Move Alias' }).click();
    await page.getByText('/c/edge-prod now serves alias-other.').waitFor();
    await card.getByText('No aliases yet', { exact: false }).waitFor();
    const moved = await asOwner<AliasList>('GET', `/api/configs/${other.id}/aliases`);
    expect(moved.items.map((alias) => alias.alias).sort()).toEqual(['edge-prod', 'taken-one']);
    expect(await (await page.request.get(url)).text()).toContain('[[inputs.mem]]');

    // Removed after a confirmation that says agents lose it.
    await page.goto(`${suite.url}/configs/${other.id}`);
    await page.getByRole('tab', { name: 'Aliases' }).click();
    await card.getByRole('button', { name: 'Actions for edge-prod' }).click();
    await page.getByRole('menuitem', { name: 'Remove' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove alias' });
    await confirm.getByText('will stop answering', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('/c/edge-prod no longer answers.').waitFor();
    await expect.poll(() => card.getByRole('table', { name: 'Aliases' }).getByRole('row').count()).toBe(2);
    expect((await page.request.get(url)).status()).toBe(404);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a Viewer sees the aliases and labels of a configuration but no control that changes them', async () => {
    const { id } = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'viewer-aliases',
      toml: '[[inputs.cpu]]\n',
    });
    await asOwner('POST', `/api/configs/${id}/aliases`, { alias: 'viewer-visible' });
    const label = await asOwner<{ id: string }>('POST', '/api/labels', { name: 'read-only' });
    await asOwner('PUT', '/api/configs/bulk/labels/assign', { ids: [id], labelIds: [label.id] });
    const viewer = await createUser(suite.controller.database, 'viewer', { username: 'val-viewer' });
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${suite.url}/configs/${id}`);
    await signIn(page, viewer.username, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'viewer-aliases' }).waitFor();

    await page.getByRole('tab', { name: 'Aliases' }).click();
    const aliases = page.getByRole('region', { name: 'Aliases', exact: true });
    await aliases.getByRole('link', { name: `${suite.url}/c/viewer-visible` }).waitFor();
    expect(await aliases.getByRole('textbox', { name: 'New alias' }).count()).toBe(0);
    expect(await aliases.getByRole('button', { name: 'Actions for viewer-visible' }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Labels' }).click();
    const labels = page.getByRole('region', { name: 'Labels', exact: true });
    await labels.getByText('read-only', { exact: true }).waitFor();
    expect(await labels.getByRole('button', { name: 'Remove label read-only' }).count()).toBe(0);
    expect(await labels.getByRole('button', { name: 'Add labels' }).count()).toBe(0);
    await context.close();
  });
});
