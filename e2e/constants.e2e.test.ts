import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { editorEnd, ownerOf } from './owner-session.js';

const OWNER = { username: 'cole-owner', email: 'cole-owner@example.com', password: 'cole-owner-password' };

describe('constants in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('constants are offered after ::{, flagged when undefined, and cannot be deleted while used', async () => {
    const { page, errors } = await openSignedIn('/constants');
    await page.getByRole('heading', { level: 1, name: 'Constants' }).waitFor();
    await page.getByText('No constants yet').waitFor();
    await page.getByRole('button', { name: 'Add Constant' }).first().click();
    const add = page.getByRole('dialog', { name: 'Add Constant' });
    await add.getByLabel('Name').fill('influx url');
    await add.getByLabel('Value').fill('http://influx.example:8086');
    await add.getByRole('button', { name: 'Add Constant' }).click();
    await add.getByText('Start with a letter or underscore', { exact: false }).waitFor();
    await add.getByLabel('Name').fill('influx_url');
    await add.getByRole('button', { name: 'Add Constant' }).click();
    await add.waitFor({ state: 'hidden' });
    const constantRow = page.getByRole('row').filter({ hasText: 'influx_url' });
    await constantRow.getByText('Unused').waitFor();

    const { id } = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'influx-writer',
      toml: '[[outputs.influxdb_v2]]\n  urls = ["::{influx_url}"]\n  organization = "::{influx_org}"\n',
    });
    await page.goto(`${suite.url}/configs/${id}`);
    const panel = page.getByRole('region', { name: 'Substitute Configuration Values' });
    const constants = panel.getByRole('region', { name: 'Constants' });
    await constants.getByText('http://influx.example:8086').waitFor();
    await constants.getByText('Undefined').waitFor();
    await page.locator('.cm-placeholder-undefined').getByText('::{influx_org}').waitFor();

    await editorEnd(page);
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('  bucket = "');
    await page.keyboard.type('::{');
    const influxUrl = page.locator('.cm-tooltip-autocomplete').getByText('influx_url');
    await influxUrl.waitFor();
    await screenshot(page, 'configs-constant-completion');
    // A click, not Enter: CodeMirror ignores Enter for 75 ms after the list opens, and a busy machine may get there.
    await influxUrl.click();
    // Bracket closing typed the `}`; the completion fills in the name before it.
    await page.locator('.cm-content').getByText('bucket = "::{influx_url}').waitFor();

    // Leaving with unsaved edits asks first.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Constants' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Constants' }).waitFor();
    await constantRow.getByRole('button', { name: 'Configurations using influx_url' }).click();
    await page.getByRole('link', { name: 'influx-writer' }).waitFor();
    await screenshot(page, 'constants-usage');
    await page.keyboard.press('Escape');

    await constantRow.getByRole('button', { name: 'Actions for influx_url' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete constant' });
    await remove.getByText('cannot be deleted', { exact: false }).waitFor();
    await remove.getByRole('link', { name: 'influx-writer' }).waitFor();
    expect(await remove.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    await remove.getByRole('button', { name: 'Cancel' }).click();

    await constantRow.getByRole('button', { name: 'Actions for influx_url' }).click();
    await page.getByRole('menuitem', { name: 'View/Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Constant influx_url' });
    expect(await edit.getByLabel('Name').getAttribute('readonly')).not.toBeNull();
    await edit.getByLabel('Value').fill('http://influx2.example:8086');
    await edit.getByRole('button', { name: 'Update Constant' }).click();
    await constantRow.getByText('http://influx2.example:8086').waitFor();
    await screenshot(page, 'constants-list');

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
