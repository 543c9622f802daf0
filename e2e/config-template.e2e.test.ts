import type { Config, ConfigTemplate } from '@telegraf-controller/contract/configs';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'tess-owner', email: 'tess-owner@example.com', password: 'tess-owner-password' };

describe('a new configuration in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the editor starts from the heartbeat template before saving, and saves it as written', async () => {
    const { toml } = await asOwner<ConfigTemplate>('GET', '/api/config-template');
    const heartbeatUrl = /url = "([^"]+)"/.exec(toml)?.[1];
    expect(heartbeatUrl).toMatch(/\/agents\/heartbeat$/);

    const { page, errors } = await openSignedIn('/configs/new');
    await page.getByRole('heading', { level: 1, name: 'Add Configuration' }).waitFor();
    const editor = page.locator('.cm-content');
    await editor.getByText('[[outputs.heartbeat]]').waitFor();
    await editor.getByText(heartbeatUrl!, { exact: false }).waitFor();
    await page.getByText('No problems found').waitFor();
    await screenshot(page, 'configs-new-template');

    await page.getByLabel('Name').fill('from-template');
    await page.getByRole('button', { name: 'Create Configuration' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'from-template' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    expect((await asOwner<Config>('GET', `/api/configs/${id}`)).toml).toBe(toml);

    expect(errors).toEqual([]);
    await page.close();
  });
});
