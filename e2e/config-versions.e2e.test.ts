import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'vera-owner', email: 'vera-owner@example.com', password: 'vera-owner-password' };

describe('configuration versions in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the owner compares two versions side by side, edits a note, rolls back and prunes', async () => {
    const base = '[agent]\n  interval = "10s"\n\n[[inputs.cpu]]\n  percpu = true\n';
    const { id } = await asOwner<{ id: string }>('POST', '/api/configs', { name: 'core-agent', toml: base });
    await asOwner('PATCH', `/api/configs/${id}`, {
      toml: base.replace('10s', '30s'),
      note: 'Slower interval',
    });
    await asOwner('PATCH', `/api/configs/${id}`, {
      toml: `${base.replace('10s', '30s')}\n[[inputs.mem]]\n`,
      note: 'Collect memory',
    });
    const { page, errors } = await openSignedIn(`/configs/${id}`);
    await page.getByRole('heading', { level: 1, name: 'core-agent' }).waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    const table = page.getByRole('table', { name: 'Versions' });
    const row = (version: number) =>
      table.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select version ${version}` }) });
    await row(3).getByText('Current').waitFor();
    await row(2).getByText('Slower interval').waitFor();
    await row(1).getByText('Initial version').waitFor();
    await screenshot(page, 'configs-versions');

    await row(1).getByRole('checkbox').check();
    await row(3).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByRole('dialog', { name: /Compare Versions/ });
    await compare.locator('.cm-mergeView').waitFor();
    await compare.getByText('2 changed regions').waitFor();
    expect(await compare.locator('.cm-changedLine').count()).toBeGreaterThan(0);
    await screenshot(page, 'configs-versions-compare');
    await page.keyboard.press('Escape');
    await compare.waitFor({ state: 'hidden' });
    await row(1).getByRole('checkbox').uncheck();
    await row(3).getByRole('checkbox').uncheck();

    await row(2).getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Edit note' }).click();
    const note = page.getByRole('dialog', { name: 'Change note of version 2' });
    await note.getByLabel('Change note').fill('Slower interval for the edge');
    await note.getByRole('button', { name: 'Save note' }).click();
    await row(2).getByText('Slower interval for the edge').waitFor();

    await row(1).getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Rollback' }).click();
    const rollback = page.getByRole('dialog', { name: 'Roll back to version 1' });
    await rollback.getByText('A new version 4 is made', { exact: false }).waitFor();
    await rollback.getByRole('button', { name: 'Confirm & Rollback' }).click();
    await row(4).getByText('Current').waitFor();
    await row(4).getByText('Rolled back to version 1').waitFor();
    expect(await row(3).getByText('Current').count()).toBe(0);
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.locator('.cm-content').getByText('interval = "10s"').waitFor();

    await page.getByRole('tab', { name: 'Versions' }).click();
    await row(1).getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Prune' }).click();
    await page
      .getByRole('dialog', { name: 'Prune version 1' })
      .getByRole('button', { name: 'Confirm & Prune' })
      .click();
    await row(1).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Prune…' }).click();
    const prune = page.getByRole('dialog', { name: 'Prune versions' });
    await prune.getByRole('textbox', { name: 'Prune every version older than' }).click();
    await page.getByRole('option', { name: 'Version 3' }).click();
    await screenshot(page, 'configs-versions-prune');
    await prune.getByRole('button', { name: 'Confirm & Prune' }).click();
    await row(2).waitFor({ state: 'detached' });
    await row(3).waitFor();
    await row(4).getByText('Current').waitFor();

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
