import { describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../server/test/factories.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf, signIn } from './owner-session.js';

const OWNER = { username: 'gwen-owner', email: 'gwen-owner@example.com', password: 'gwen-owner-password' };

const ALPHA_TOML = '[global_tags]\n  site = "&{site}"\n\n[[inputs.cpu]]\n  percpu = true\n';
const BETA_TOML = '[[inputs.mem]]\n';

describe('config groups in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the owner groups two configurations, reorders them, serves the merge in the new order, adds an alias and deletes the group', async () => {
    const alpha = await asOwner<{ id: string }>('POST', '/api/configs', { name: 'cg-alpha', toml: ALPHA_TOML });
    await asOwner('POST', '/api/configs', { name: 'cg-beta', description: 'Memory', toml: BETA_TOML });

    const { page, errors } = await openSignedIn('/config-groups');
    await page.getByRole('heading', { level: 1, name: 'Config Groups' }).waitFor();
    await page.getByText('No config groups yet').waitFor();
    await page.getByRole('button', { name: 'Add Config Group' }).click();
    const create = page.getByRole('dialog', { name: 'Add Config Group' });
    await create.getByRole('textbox', { name: 'Name' }).fill('edge-stack');
    await create.getByRole('textbox', { name: 'Description' }).fill('Edge hosts: tags, CPU and memory');
    const picker = create.getByRole('textbox', { name: 'Configurations' });
    for (const name of ['cg-alpha', 'cg-beta']) {
      await picker.click();
      await picker.fill('cg-');
      await page.getByRole('option', { name }).click();
    }
    // Leaving the picker closes its dropdown, which covers the dialog's buttons.
    await create.getByRole('textbox', { name: 'Name' }).click();
    await screenshot(page, 'config-groups-create');
    await create.getByRole('button', { name: 'Create Config Group' }).click();

    // Created: the group opens; back on the list its row counts both members, and a click on the row opens it.
    await page.getByRole('heading', { level: 1, name: 'edge-stack' }).waitFor();
    const groupId = /\/config-groups\/([^/?#]+)$/.exec(page.url())?.[1] ?? '';
    expect(groupId).not.toBe('');
    await page.getByRole('main').getByRole('link', { name: 'Config Groups' }).click();
    const table = page.getByRole('table', { name: 'Config groups' });
    const row = table.getByRole('row').filter({ hasText: 'edge-stack' });
    await expect.poll(() => row.getByRole('cell').allTextContents()).toContain('2');
    await screenshot(page, 'config-groups-list');
    await row.getByText('Edge hosts: tags, CPU and memory').click();
    await page.getByRole('heading', { level: 1, name: 'edge-stack' }).waitFor();

    const members = page.getByRole('list', { name: 'Members in merge order' });
    const sources = page.getByTestId('preview-sources');
    const memberNames = () => members.getByRole('listitem').getByRole('link').allTextContents();
    await expect.poll(memberNames).toEqual(['cg-alpha', 'cg-beta']);
    await expect.poll(() => sources.textContent()).toBe('Sources in order: cg-alpha → cg-beta');

    const membersCard = page.getByRole('region', { name: 'Configurations' });
    const save = membersCard.getByRole('button', { name: 'Save', exact: true });
    expect(await save.isDisabled()).toBe(true);
    await membersCard.getByRole('button', { name: 'Move cg-beta up' }).click();
    await expect.poll(memberNames).toEqual(['cg-beta', 'cg-alpha']);
    // Until saved, the preview keeps the saved order.
    expect(await sources.textContent()).toBe('Sources in order: cg-alpha → cg-beta');
    await save.click();
    await page.getByText('Members saved').waitFor();
    await expect.poll(() => sources.textContent()).toBe('Sources in order: cg-beta → cg-alpha');
    await expect.poll(() => save.isDisabled()).toBe(true);
    await screenshot(page, 'config-groups-detail');

    // The dialog's URL and a fresh agent token fetch the merged TOML, members in the saved order.
    await page.getByRole('button', { name: 'Use this Config Group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use this config group via URL' });
    await dialog.getByRole('textbox', { name: 'site' }).fill('berlin');
    await dialog.getByRole('button', { name: 'Create an agent token' }).click();
    const tokenField = dialog.getByRole('textbox', { name: 'Token value' });
    await tokenField.waitFor();
    const token = await tokenField.inputValue();
    const urlField = dialog.getByRole('textbox', { name: 'Config group URL' });
    await expect.poll(() => urlField.inputValue()).toContain('site=berlin');
    const url = await urlField.inputValue();
    expect(url).toContain(`/api/config-groups/${groupId}/toml`);
    await screenshot(page, 'config-groups-use-dialog');
    await page.keyboard.press('Escape');

    const auth = { headers: { Authorization: `Bearer ${token}` } };
    const unfilled = await fetch(`${suite.url}/api/config-groups/${groupId}/toml`, auth);
    expect(unfilled.status).toBe(400);
    expect(((await unfilled.json()) as { missing?: string[] }).missing).toEqual(['site']);
    const served = await fetch(url, auth);
    expect(served.status).toBe(200);
    const toml = await served.text();
    expect(toml).toContain('site = "berlin"');
    expect(toml.indexOf('[[inputs.mem]]')).toBeGreaterThan(-1);
    expect(toml.indexOf('[[inputs.cpu]]')).toBeGreaterThan(toml.indexOf('[[inputs.mem]]'));

    await page.getByRole('tab', { name: 'Aliases' }).click();
    await page.getByRole('textbox', { name: 'New alias' }).fill('edge-stack');
    await page.getByRole('button', { name: 'Add Alias' }).click();
    const aliases = page.getByRole('table', { name: 'Aliases' });
    await aliases.getByText(`${suite.url}/c/edge-stack`).waitFor();
    const byAlias = await fetch(`${suite.url}/c/edge-stack?site=berlin`, auth);
    expect(byAlias.status).toBe(200);
    expect(await byAlias.text()).toBe(toml);
    await screenshot(page, 'config-groups-aliases');

    await page.getByRole('tab', { name: 'Manage' }).click();
    await page.getByRole('button', { name: 'Delete Config Group' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete config group' });
    await confirm.getByText('/c/edge-stack', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { level: 1, name: 'Config Groups' }).waitFor();
    await page.getByText('No config groups yet').waitFor();
    expect(page.url()).toBe(`${suite.url}/config-groups`);

    // The group and its alias are gone; its configurations stay.
    expect((await fetch(`${suite.url}/c/edge-stack?site=berlin`, auth)).status).toBe(404);
    expect((await asOwner<{ name: string }>('GET', `/api/configs/${alpha.id}`)).name).toBe('cg-alpha');

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('a member dragged by its handle moves in the draft, Discard restores the saved order, and Remove keeps the configuration', async () => {
    const ids: string[] = [];
    for (const name of ['drag-a', 'drag-b', 'drag-c']) {
      ids.push(
        (await asOwner<{ id: string }>('POST', '/api/configs', { name, toml: `[[inputs.${name.slice(5)}x]]\n` })).id,
      );
    }
    const group = await asOwner<{ id: string }>('POST', '/api/config-groups', { name: 'drag-group', configIds: ids });
    const { page, errors } = await openSignedIn(`/config-groups/${group.id}`);
    await page.getByRole('heading', { level: 1, name: 'drag-group' }).waitFor();
    const members = page.getByRole('list', { name: 'Members in merge order' });
    const memberNames = () => members.getByRole('listitem').getByRole('link').allTextContents();
    await expect.poll(memberNames).toEqual(['drag-a', 'drag-b', 'drag-c']);

    const cards = members.getByRole('listitem');
    await cards.nth(2).locator('[draggable="true"]').dragTo(cards.nth(0));
    await expect.poll(memberNames).toEqual(['drag-c', 'drag-a', 'drag-b']);
    const membersCard = page.getByRole('region', { name: 'Configurations' });
    await membersCard.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(memberNames).toEqual(['drag-a', 'drag-b', 'drag-c']);

    await membersCard.getByRole('button', { name: 'Actions for drag-b' }).click();
    await page.getByRole('menuitem', { name: 'Remove from group' }).click();
    await expect.poll(memberNames).toEqual(['drag-a', 'drag-c']);
    await membersCard.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Members saved').waitFor();
    expect((await asOwner<{ configIds: string[] }>('GET', `/api/config-groups/${group.id}`)).configIds).toEqual([
      ids[0],
      ids[2],
    ]);
    expect((await asOwner<{ name: string }>('GET', `/api/configs/${ids[1]}`)).name).toBe('drag-b');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a Viewer reads a config group and its merged TOML but has no control that changes it', async () => {
    const { id: configId } = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'viewer-member',
      toml: '[[inputs.disk]]\n',
    });
    const group = await asOwner<{ id: string }>('POST', '/api/config-groups', {
      name: 'viewer-group',
      configIds: [configId],
    });
    const viewer = await createUser(suite.controller.database, 'viewer', { username: 'gus-viewer' });
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${suite.url}/config-groups/${group.id}`);
    await signIn(page, viewer.username, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'viewer-group' }).waitFor();
    await expect.poll(() => page.getByTestId('preview-sources').textContent()).toBe('Sources in order: viewer-member');
    await page.locator('.cm-content').getByText('[[inputs.disk]]').waitFor();
    for (const name of ['Add Configs', 'Save', 'Save Details', 'Move viewer-member up', 'Actions for viewer-member']) {
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    }
    expect(await page.getByRole('textbox', { name: 'Name' }).getAttribute('readonly')).not.toBeNull();
    await page.getByRole('tab', { name: 'Manage' }).click();
    await page.getByText('Your role cannot delete config groups.').waitFor();
    await page.getByRole('tab', { name: 'Aliases' }).click();
    await page.getByText('No aliases yet.').waitFor();
    expect(await page.getByRole('textbox', { name: 'New alias' }).count()).toBe(0);
    await page.goto(`${suite.url}/config-groups`);
    await page.getByRole('link', { name: 'viewer-group' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add Config Group' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await context.close();
  });
});
