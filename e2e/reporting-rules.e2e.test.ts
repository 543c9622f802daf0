import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'rita-owner', email: 'rita-owner@example.com', password: 'rita-owner-password' };
const BUILT_IN = 'Default: not reporting after 3 minutes of silence';

/** Opens the ⋮ menu of the row and picks an item. */
async function rowAction(page: Page, row: Locator, name: string, item: string): Promise<Locator> {
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  return page.getByRole('menuitem', { name: item });
}

describe('reporting rules in the browser', () => {
  const suite = useBrowserSuite();
  const { openSignedIn } = ownerOf(suite, OWNER);

  it('a rule is added, edited and made default; the default cannot be deleted, the other one can', async () => {
    const { page, errors } = await openSignedIn('/reporting-rules');
    await page.getByRole('heading', { level: 1, name: 'Reporting Rules' }).waitFor();
    const builtIn = page.getByRole('row').filter({ hasText: BUILT_IN });
    await builtIn.getByText('Default', { exact: true }).waitFor();
    await builtIn.getByText('3 min', { exact: true }).waitFor();
    expect(await builtIn.getByText('3 heartbeats', { exact: true }).count()).toBe(2);

    await page.getByRole('button', { name: 'Add Rule' }).click();
    const add = page.getByRole('dialog', { name: 'Add Rule' });
    await add.getByLabel('Description').fill('Edge sites');
    await add.getByLabel('Not Reporting Threshold', { exact: true }).fill('10');
    await add.getByText('Auto-delete agents').click();
    await add.getByLabel('Auto-delete Threshold', { exact: true }).fill('2');
    await add.getByLabel('Auto-delete Threshold unit').click();
    await page.getByRole('option', { name: 'days' }).click();
    // Silent and Degrading start at the server's default, 3 heartbeats; 0 turns one off.
    const silentAfter = add.getByLabel('Silent after (heartbeats)');
    const degradingAfter = add.getByLabel('Degrading after (heartbeats)');
    expect(await silentAfter.inputValue()).toBe('3');
    expect(await degradingAfter.inputValue()).toBe('3');
    await add.getByText('route no metric while it reports OK. 0: never.', { exact: false }).waitFor();
    await degradingAfter.fill('');
    await add.getByRole('button', { name: 'Add Rule' }).click();
    await add.getByText('Degrading after (heartbeats) must be a whole number from 0 to 100.').waitFor();
    await silentAfter.fill('0');
    await degradingAfter.fill('5');
    await screenshot(page, 'reporting-rules-add');
    await add.getByRole('button', { name: 'Add Rule' }).click();
    await add.waitFor({ state: 'hidden' });
    const edge = page.getByRole('row').filter({ hasText: 'Edge sites' });
    await edge.getByText('10 min', { exact: true }).waitFor();
    await edge.getByText('After 2 days').waitFor();
    await edge.getByText('Never', { exact: true }).waitFor();
    await edge.getByText('5 heartbeats', { exact: true }).waitFor();
    expect(await edge.getByText('Default', { exact: true }).count()).toBe(0);

    await (await rowAction(page, edge, 'Edge sites', 'Edit')).click();
    const edit = page.getByRole('dialog', { name: 'Edit Rule' });
    expect(await edit.getByLabel('Not Reporting Threshold', { exact: true }).inputValue()).toBe('10');
    expect(await edit.getByLabel('Silent after (heartbeats)').inputValue()).toBe('0');
    expect(await edit.getByLabel('Degrading after (heartbeats)').inputValue()).toBe('5');
    await edit.getByLabel('Silent after (heartbeats)').fill('4');
    await edit.getByLabel('Description').fill('Edge sites on flaky links');
    await edit.getByLabel('Not Reporting Threshold unit').click();
    await page.getByRole('option', { name: 'hours' }).click();
    await edit.getByRole('button', { name: 'Save Rule' }).click();
    await edit.waitFor({ state: 'hidden' });
    const flaky = page.getByRole('row').filter({ hasText: 'Edge sites on flaky links' });
    await flaky.getByText('10 hr', { exact: true }).waitFor();
    await flaky.getByText('4 heartbeats', { exact: true }).waitFor();

    await (await rowAction(page, flaky, 'Edge sites on flaky links', 'Make Default')).click();
    await flaky.getByText('Default', { exact: true }).waitFor();
    await builtIn.getByText('Default', { exact: true }).waitFor({ state: 'detached' });
    await screenshot(page, 'reporting-rules-list');

    const refused = await rowAction(page, flaky, 'Edge sites on flaky links', 'Delete');
    expect(await refused.isDisabled()).toBe(true);
    await refused.hover({ force: true });
    await page.getByText('make another rule the default first', { exact: false }).first().waitFor();
    await page.keyboard.press('Escape');

    await (await rowAction(page, builtIn, BUILT_IN, 'Delete')).click();
    const remove = page.getByRole('dialog', { name: 'Delete rule' });
    await remove.getByText('will be deleted for good', { exact: false }).waitFor();
    await remove.getByRole('button', { name: 'Delete' }).click();
    await remove.waitFor({ state: 'hidden' });
    await builtIn.waitFor({ state: 'detached' });
    await flaky.waitFor();

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
