import type { ConfigGroup } from '@telegraf-controller/contract/configs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'fiona-owner', email: 'fiona-owner@example.com', password: 'fiona-owner-password' };

/** Parameter `agent_id`, variable DB_PASSWORD, and two inputs carrying Telegraf plugin labels for `--select`. */
const LABELLED_TOML = [
  '[[outputs.heartbeat]]',
  '  url = "http://ctl:8000/agents/heartbeat"',
  '  instance_id = "&{agent_id}"',
  '  token = "${TELEGRAF_CONTROLLER_TOKEN}"',
  '[[outputs.discard]]',
  '  alias = "${DB_PASSWORD}"',
  '[[inputs.cpu]]',
  '  [inputs.cpu.labels]',
  '    site = "edge"',
  '[[inputs.mem]]',
  '  [inputs.mem.labels]',
  '    site = "core"',
  '',
].join('\n');

describe('the first run in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  it('setup signs the owner in, and the empty Agents and Configurations pages show the three first steps', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${suite.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Create the owner account' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill(OWNER.username);
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Confirm password', { exact: true }).fill(OWNER.password);
    await page.getByRole('button', { name: 'Create Account' }).click();

    // No second sign-in: the Agents page, empty, with the way to a first agent.
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    const steps = page.getByTestId('first-run-steps');
    await steps.getByText('No agents yet').waitFor();
    expect(await steps.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining('Create an agent token'),
      expect.stringContaining('Create a configuration'),
      expect.stringContaining('Copy its start command'),
    ]);
    expect(await steps.getByText('Done').count()).toBe(0);
    await screenshot(page, 'first-run-agents');

    // Step 1 opens the token dialog on the Telegraf Agent preset.
    await steps.getByRole('link', { name: 'Create a Telegraf agent token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create API Token' });
    await dialog.getByText('What an agent needs', { exact: false }).waitFor();
    expect(await dialog.getByRole('radio', { name: 'Telegraf agent' }).isChecked()).toBe(true);
    await dialog.getByLabel('Description').fill('first agents');
    await dialog.getByRole('button', { name: 'Create Token' }).click();
    await page.getByRole('dialog', { name: 'API token created' }).waitFor();

    // Step 2 from the Configurations page, whose empty state shows the same steps; step 1 is now done.
    await page.goto(`${suite.url}/configs`);
    const configSteps = page.getByTestId('first-run-steps');
    await configSteps.getByText('No configurations yet').waitFor();
    await configSteps.getByText('Done').waitFor();
    await configSteps.getByRole('link', { name: 'Add a configuration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add Configuration' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists and Agents tabs say which agents load a configuration or group', async () => {
    const config = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'edge-fleet',
      toml: '[[inputs.cpu]]\n',
    });
    const group = await asOwner<ConfigGroup>('POST', '/api/config-groups', {
      name: 'edge-group',
      configIds: [config.id],
    });
    await sendHeartbeats([
      {
        id: 'edge-a',
        hostname: 'edge-a',
        status: 'OK',
        configurations: [`http://x:8000/api/configs/${config.id}/toml?agent_id=edge-a`],
      },
      {
        id: 'edge-b',
        hostname: 'edge-b',
        status: 'WARN',
        configurations: [`http://x:8000/api/config-groups/${group.id}/toml`],
      },
    ]);

    const { page, errors } = await openSignedIn('/configs');
    const table = page.getByRole('table', { name: 'Configurations' });
    const row = table.getByRole('row').filter({ hasText: 'edge-fleet' });
    await expect.poll(() => row.getByLabel('1 agents').count()).toBe(1);

    await row.getByRole('link', { name: 'edge-fleet' }).click();
    await page.getByRole('tab', { name: 'Agents' }).click();
    const agents = page.getByRole('table', { name: 'Agents loading it' });
    await agents.getByRole('link', { name: 'edge-a' }).waitFor();
    expect(await agents.getByText('Telegraf 1.37.0').count()).toBe(1);
    expect(await page.getByTestId('agents-loading-total').innerText()).toBe('1 agent loads this configuration.');
    await screenshot(page, 'config-agents-tab');

    await page.goto(`${suite.url}/config-groups/${group.id}`);
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('table', { name: 'Agents loading it' }).getByRole('link', { name: 'edge-b' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the builder fills variables, adds label selectors, and in local-file mode downloads the file it runs', async () => {
    const config = await asOwner<{ id: string }>('POST', '/api/configs', { name: 'labelled', toml: LABELLED_TOML });
    const { page, errors } = await openSignedIn(`/configs/${config.id}`);
    await page.getByRole('button', { name: 'Use this Configuration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Use this configuration via URL' });
    const command = dialog.getByTestId('start-command');

    await dialog.getByRole('textbox', { name: 'DB_PASSWORD' }).fill("it's-secret");
    await expect.poll(() => command.textContent()).toContain(`export DB_PASSWORD='it'\\''s-secret'`);
    await dialog.getByRole('textbox', { name: 'agent_id' }).fill('edge-9');

    const selectors = dialog.getByRole('region', { name: 'Label selectors' });
    await selectors.getByRole('textbox', { name: 'site' }).fill('edge');
    await expect.poll(() => command.textContent()).toContain("--select 'site=edge'");
    expect(await command.textContent()).toContain('--config-url-watch-interval 1m');
    await screenshot(page, 'command-builder-selectors');
    await dialog.getByText('Agents before Telegraf 1.39: also export INFLUX_TOKEN').click();
    await expect.poll(() => command.textContent()).toContain('export INFLUX_TOKEN="$TELEGRAF_CONTROLLER_TOKEN"');

    await dialog.getByText('Use local configuration file').click();
    expect(await dialog.getByRole('switch', { name: 'Use local configuration file' }).isChecked()).toBe(true);
    const file = dialog.getByRole('region', { name: 'File details' });
    await file.getByRole('textbox', { name: 'Directory Path' }).fill('/etc/telegraf');
    await expect.poll(() => command.textContent()).toContain("--config '/etc/telegraf/labelled.toml'");
    expect(await command.textContent()).not.toContain('--config-url-watch-interval');
    expect(await command.textContent()).toContain("--select 'site=edge'");

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      file.getByRole('button', { name: 'Download Config' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('labelled.toml');
    const downloaded = readFileSync((await download.path())!, 'utf8');
    expect(downloaded).toContain('instance_id = "edge-9"');
    expect(downloaded).toContain('alias = "${DB_PASSWORD}"');
    await screenshot(page, 'command-builder-local-file');
    expect(errors).toEqual([]);
    await page.close();
  });
});
