import { describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../server/test/factories.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { editorEnd, ownerOf, signIn } from './owner-session.js';

const OWNER = { username: 'cora-owner', email: 'cora-owner@example.com', password: 'cora-owner-password' };

describe('configurations in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the owner writes a configuration with live findings, and an agent token loads it by the command URL', async () => {
    const { page, errors } = await openSignedIn('/configs');
    await page.getByRole('heading', { level: 1, name: 'Configurations' }).waitFor();
    await page.getByText('No configurations yet').waitFor();
    await page.getByRole('link', { name: 'Add Config' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add Configuration' }).waitFor();
    await page.getByLabel('Name').fill('edge-linux');
    await page.getByLabel('Description').fill('Linux hosts at the edge sites');
    await screenshot(page, 'configs-new');

    // Empty TOML: the server starts from its heartbeat template.
    await page.getByRole('button', { name: 'Create Configuration' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'edge-linux' }).waitFor();
    const editor = page.locator('.cm-content');
    await editor.getByText('[[outputs.heartbeat]]').waitFor();
    const panel = page.getByRole('region', { name: 'Substitute Configuration Values' });
    await panel.getByRole('region', { name: 'Parameters' }).getByText('agent_id').waitFor();
    await panel.getByRole('region', { name: 'Environment variables' }).getByText('TELEGRAF_CONTROLLER_TOKEN').waitFor();
    await page.getByText('No problems found').waitFor();

    // A dotted key is TOML 1.0 that Telegraf's parser refuses: the finding lands on its line.
    await editorEnd(page);
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('[[inputs.cpu]]');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('a.b = 1');
    const problem = page.locator('.cm-lintRange-error');
    await problem.waitFor();
    await page.locator('.cm-lint-marker-error').waitFor();
    await page.getByTestId('toml-findings').getByText('1 error').waitFor();
    await screenshot(page, 'configs-editor-finding');

    for (let index = 0; index < 'a.b = 1'.length; index += 1) await page.keyboard.press('Backspace');
    await page.keyboard.insertText('percpu = true');
    await problem.waitFor({ state: 'detached' });
    await page.getByText('No problems found').waitFor();
    await panel.getByRole('region', { name: 'Parameters' }).getByText('agent_id').waitFor();

    await page.getByLabel('Change note').fill('Collect CPU usage');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Version 2 is now current', { exact: false }).waitFor();
    await page
      .getByText(/Version\s*2/)
      .first()
      .waitFor();
    await screenshot(page, 'configs-detail');

    await page.getByRole('button', { name: 'Use this Configuration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use this configuration via URL' });
    await dialog.getByRole('textbox', { name: 'agent_id' }).fill('edge-agent-7');
    await dialog.getByRole('button', { name: 'Create an agent token' }).click();
    const tokenField = dialog.getByRole('textbox', { name: 'Token value' });
    await tokenField.waitFor();
    const token = await tokenField.inputValue();
    expect(token).toMatch(/^tc-apiv1_[0-9a-f]{64}$/);
    const urlField = dialog.getByRole('textbox', { name: 'Configuration URL' });
    await expect.poll(() => urlField.inputValue()).toContain('agent_id=edge-agent-7');
    const url = await urlField.inputValue();
    const command = dialog.getByTestId('start-command');
    await expect.poll(() => command.textContent()).toContain(`TELEGRAF_CONTROLLER_TOKEN='${token}'`);
    expect(await command.textContent()).toContain('--config-url-watch-interval 1m');
    await screenshot(page, 'configs-use-dialog');

    const served = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(served.status).toBe(200);
    const toml = await served.text();
    expect(toml).toContain('instance_id = "edge-agent-7"');
    expect(toml).toContain('percpu = true');

    await dialog.getByRole('tab', { name: 'Windows (PowerShell)' }).click();
    await expect.poll(() => command.textContent()).toContain(`$env:TELEGRAF_CONTROLLER_TOKEN='${token}'`);
    expect(await command.textContent()).toContain('telegraf.exe');

    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('an uploaded file replaces the TOML; one Telegraf would refuse is not created, the alert says why and the editor marks the line', async () => {
    const { page, errors } = await openSignedIn('/configs/new');
    await page.getByRole('heading', { level: 1, name: 'Add Configuration' }).waitFor();
    await page.getByLabel('Name').fill('refused');
    // An uploaded file replaces the text.
    await page.locator('input[type="file"]').setInputFiles({
      name: 'memory.conf',
      mimeType: 'text/plain',
      buffer: Buffer.from('[[inputs.mem]]\n'),
    });
    await page.locator('.cm-content').getByText('[[inputs.mem]]').waitFor();
    await page.getByText('The editor now holds memory.conf', { exact: false }).waitFor();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('[processors.rename]');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('  order = 1');
    await page.getByRole('button', { name: 'Create Configuration' }).last().click();
    await page.getByRole('alert').filter({ hasText: 'The configuration was not created' }).waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(page.url()).toBe(`${suite.url}/configs/new`);
    await screenshot(page, 'configs-create-refused');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the list searches and sorts on the server, and deletes selected configurations after confirmation', async () => {
    for (const name of ['batch-alpha', 'batch-beta', 'batch-gamma']) {
      await asOwner('POST', '/api/configs', { name, description: `Batch host ${name.slice(6)}` });
    }
    const { page, errors } = await openSignedIn('/configs');
    await page.getByRole('heading', { level: 1, name: 'Configurations' }).waitFor();
    await page.getByRole('textbox', { name: 'Search configurations' }).fill('batch-');
    const table = page.getByRole('table', { name: 'Configurations' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await page.getByRole('textbox', { name: 'Sort' }).click();
    await page.getByRole('option', { name: 'Name Z–A' }).click();
    await expect
      .poll(() => table.getByRole('link').allTextContents())
      .toEqual(['batch-gamma', 'batch-beta', 'batch-alpha']);
    await screenshot(page, 'configs-list');

    await table.getByRole('checkbox', { name: 'Select batch-alpha' }).check();
    await table.getByRole('checkbox', { name: 'Select batch-gamma' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    await bulk.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 configurations' });
    await confirm.getByText('deleted for good', { exact: false }).waitFor();
    await screenshot(page, 'configs-bulk-delete');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('2 configurations deleted').waitFor();
    await expect.poll(() => table.getByRole('link').allTextContents()).toEqual(['batch-beta']);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('a name in any script is created, listed, shown and searched like any other', async () => {
    const { page, errors } = await openSignedIn('/configs/new');
    const name = '本番 – EU 🙂 مرحبا';
    await page.getByRole('heading', { level: 1, name: 'Add Configuration' }).waitFor();
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create Configuration' }).first().click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.goto(`${suite.url}/configs`);
    await page.getByRole('textbox', { name: /Search/ }).fill('本番');
    await page.getByRole('link', { name, exact: true }).waitFor();
    await screenshot(page, 'configs-any-script');
    // A name with a line break is refused at the field, and nothing is created.
    await page.goto(`${suite.url}/configs/new`);
    await page.getByLabel('Name').fill('tab\there');
    await page.getByRole('button', { name: 'Create Configuration' }).first().click();
    await page.getByText('must be text on one line, without control characters').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('plugin names are offered in a table header with the release that introduced each, and deprecated ones warn', async () => {
    const { id } = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'plugin-catalogue',
      toml: '[[outputs.file]]\n',
    });
    const { page, errors } = await openSignedIn(`/configs/${id}`);
    await page.locator('.cm-content').getByText('[[outputs.file]]').waitFor();
    await editorEnd(page);
    await page.keyboard.type('[[inputs.');
    const completions = page.locator('.cm-tooltip-autocomplete');
    await completions.getByText('cpu', { exact: true }).waitFor();
    await page.keyboard.type('cpu');
    const cpu = completions
      .getByRole('option', { selected: true })
      .filter({ has: page.getByText('cpu', { exact: true }) });
    expect(await cpu.locator('.cm-completionDetail').textContent()).toBe('0.1.5+ · all OS');
    await page.locator('.cm-completionInfo').getByText('Tags: system.', { exact: false }).waitFor();
    await screenshot(page, 'configs-plugin-completion');
    // A click, not Enter: CodeMirror ignores Enter for 75 ms after the list opens, and a busy machine may get there.
    await cpu.click();
    // Bracket closing typed the `]]`; the completion fills in the name before them.
    await page.locator('.cm-content').getByText('[[inputs.cpu]]').waitFor();

    await page.keyboard.press('Enter');
    await page.keyboard.type('[[outputs.amo');
    const amon = completions
      .getByRole('option', { selected: true })
      .filter({ has: page.getByText('amon', { exact: true }) });
    expect(await amon.locator('.cm-completionDetail').textContent()).toBe('0.2.1+ · all OS · deprecated');
    await amon.click();
    await page.locator('.cm-content').getByText('[[outputs.amon]]').waitFor();
    // The findings follow the text once the server has checked it, which takes longer on a busy machine.
    await page
      .getByTestId('toml-findings')
      .getByText('plugin outputs.amon is deprecated since Telegraf 1.37.0', { exact: false })
      .waitFor({ timeout: 30_000 });
    await page.locator('.cm-lintRange-warning').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a Viewer reads configurations but has no control that changes them', async () => {
    const { id } = await asOwner<{ id: string }>('POST', '/api/configs', { name: 'viewer-visible' });
    const viewer = await createUser(suite.controller.database, 'viewer', { username: 'vic-viewer' });
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${suite.url}/configs/${id}`);
    await signIn(page, viewer.username, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'viewer-visible' }).waitFor();
    await page.getByText('Your role can read this configuration but not change it.').waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    await page.getByRole('button', { name: 'Use this Configuration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use this configuration via URL' });
    await dialog.getByTestId('start-command').waitFor();
    expect(await dialog.getByRole('button', { name: 'Create an agent token' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Manage' }).click();
    await page.getByText('Your role cannot delete configurations.').waitFor();
    await page.goto(`${suite.url}/configs`);
    await page.getByRole('link', { name: 'viewer-visible' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add Config' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await context.close();
  });
});
