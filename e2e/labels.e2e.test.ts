import type { ConfigList } from '@telegraf-controller/contract/configs';
import type { Label, LabelList } from '@telegraf-controller/contract/labels';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'lana-owner', email: 'lana-owner@example.com', password: 'lana-owner-password' };

/** Opens a label picker (a combobox with chips) and chooses one label by name. */
async function chooseLabel(page: Page, field: string, name: string): Promise<void> {
  await page.getByRole('textbox', { name: field }).fill(name);
  await page.getByRole('option', { name, exact: true }).click();
}

describe('labels in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the owner adds two labels, is refused a name taken in another case, renames one and deletes both at once', async () => {
    const { page, errors } = await openSignedIn('/labels');
    await page.getByRole('heading', { level: 1, name: 'Labels' }).waitFor();
    await page.getByText('No labels yet').waitFor();

    for (const [name, description, color] of [
      ['production', 'Live sites', '#dc2626'],
      ['staging', 'Rehearsal hosts', ''],
    ] as const) {
      await page.getByRole('button', { name: 'Add Label' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add Label' });
      await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
      await dialog.getByRole('textbox', { name: 'Description' }).fill(description);
      if (color) await dialog.getByRole('textbox', { name: 'Colour' }).fill(color);
      if (name === 'production') await screenshot(page, 'labels-add');
      await dialog.getByRole('button', { name: 'Add Label' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    const table = page.getByRole('table', { name: 'Labels' });
    await expect.poll(() => table.locator('tbody tr').allInnerTexts()).toHaveLength(2);
    expect((await table.locator('tbody tr').first().innerText()).split(/\s+/)).toEqual(
      expect.arrayContaining(['production', 'Live', 'sites']),
    );

    // Names are unique whatever the case: the server's answer lands under the field.
    await page.getByRole('button', { name: 'Add Label' }).first().click();
    const refused = page.getByRole('dialog', { name: 'Add Label' });
    await refused.getByRole('textbox', { name: 'Name' }).fill('PRODUCTION');
    await refused.getByRole('button', { name: 'Add Label' }).click();
    await refused.getByText('is the name of another label').waitFor();
    expect(await refused.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    await refused.getByRole('button', { name: 'Cancel' }).click();
    await refused.waitFor({ state: 'detached' });

    await page.getByRole('textbox', { name: 'Search labels' }).fill('rehearsal');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Actions for staging' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit label staging' });
    await edit.getByRole('textbox', { name: 'Name' }).fill('staging-eu');
    await edit.getByRole('button', { name: 'Save Label' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: 'Search labels' }).fill('');
    await expect
      .poll(() => table.locator('tbody tr td:nth-child(2)').allInnerTexts())
      .toEqual(['production', 'staging-eu']);
    const stored = await asOwner<LabelList>('GET', '/api/labels');
    expect(stored.items.map(({ name, color }) => ({ name, color }))).toEqual([
      { name: 'production', color: '#dc2626' },
      { name: 'staging-eu', color: null },
    ]);
    await screenshot(page, 'labels-list');

    await page.getByRole('checkbox', { name: 'Select all shown labels' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    await bulk.getByRole('button', { name: 'Delete labels' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 labels' });
    await confirm.getByText('Nothing carries them', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('2 labels deleted').waitFor();
    await page.getByText('No labels yet').waitFor();
    expect((await asOwner<LabelList>('GET', '/api/labels')).total).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a label added on a configuration shows in the list, filters it, and Manage Labels changes two at once', async () => {
    const toml = '[[inputs.cpu]]\n  percpu = true\n';
    const webA = await asOwner<{ id: string }>('POST', '/api/configs', { name: 'web-a', toml });
    await asOwner('POST', '/api/configs', { name: 'web-b', toml });
    const linux = await asOwner<Label>('POST', '/api/labels', { name: 'linux', color: '#16a34a' });
    const edge = await asOwner<Label>('POST', '/api/labels', { name: 'edge' });
    const carrying = async (labelId: string) =>
      (await asOwner<ConfigList>('GET', `/api/configs?label=${labelId}&sortBy=name&sortOrder=asc`)).items.map(
        (config) => config.name,
      );

    const { page, errors } = await openSignedIn(`/configs/${webA.id}`);
    await page.getByRole('heading', { level: 1, name: 'web-a' }).waitFor();
    await page.getByRole('tab', { name: 'Labels' }).click();
    const box = page.getByRole('region', { name: 'Labels', exact: true });
    await box.getByText('No labels yet.').waitFor();
    await box.getByRole('button', { name: 'Add labels' }).click();
    await chooseLabel(page, 'Labels to add', 'linux');
    await page.getByRole('dialog', { name: 'Add labels' }).getByRole('button', { name: 'Add', exact: true }).click();
    await box.getByRole('listitem').filter({ hasText: 'linux' }).waitFor();
    await screenshot(page, 'config-labels-tab');
    expect(await carrying(linux.id)).toEqual(['web-a']);

    await page.getByRole('link', { name: 'Configurations' }).first().click();
    const table = page.getByRole('table', { name: 'Configurations' });
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    await row('web-a').getByText('linux', { exact: true }).waitFor();
    expect(await row('web-b').getByText('linux', { exact: true }).count()).toBe(0);

    await chooseLabel(page, 'Filter by label', 'linux');
    await expect.poll(() => table.getByRole('link').allTextContents()).toEqual(['web-a']);
    await screenshot(page, 'configs-filtered-by-label');
    await page.getByRole('button', { name: 'Remove label linux' }).click();
    await expect.poll(() => table.getByRole('link').allTextContents()).toHaveLength(2);

    await table.getByRole('checkbox', { name: 'Select web-a' }).check();
    await table.getByRole('checkbox', { name: 'Select web-b' }).check();
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Manage Labels' }).click();
    const manage = page.getByRole('dialog', { name: 'Manage labels of 2 configurations' });
    await chooseLabel(page, 'Labels to assign', 'edge');
    await screenshot(page, 'configs-manage-labels');
    await manage.getByRole('button', { name: 'Assign to 2 configurations' }).click();
    await page.getByText('2 changes across 2 configurations.').waitFor();
    await row('web-b').getByText('edge', { exact: true }).waitFor();
    expect(await carrying(edge.id)).toEqual(['web-a', 'web-b']);

    // The Remove tab offers the labels the selection carries; only web-a carried linux.
    await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Manage Labels' }).click();
    await manage.getByRole('tab', { name: 'Remove' }).click();
    await chooseLabel(page, 'Labels to remove', 'linux');
    await manage.getByRole('button', { name: 'Remove from 2 configurations' }).click();
    await page.getByText('1 change across 2 configurations.').waitFor();
    expect(await carrying(linux.id)).toEqual([]);

    // A single label comes off after a confirmation.
    await page.goto(`${suite.url}/configs/${webA.id}`);
    await page.getByRole('tab', { name: 'Labels' }).click();
    await box.getByRole('button', { name: 'Remove label edge' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove label' });
    await confirm.getByText('will no longer carry the label', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await box.getByText('No labels yet.').waitFor();
    expect(await carrying(edge.id)).toEqual(['web-b']);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
