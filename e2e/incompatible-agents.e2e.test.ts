import type { Agent, AgentsSummary } from '@telegraf-controller/contract/agents';
import type { Config } from '@telegraf-controller/contract/configs';
import type { ValidationResult } from '@telegraf-controller/contract/toml';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'ines-owner', email: 'ines-owner@example.com', password: 'ines-owner-password' };

/** A configuration whose heartbeat sends the given fields: `status` and `logs` need Telegraf 1.38.0. */
const heartbeatSending = (include: string[]) => `[[inputs.cpu]]

[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "&{agent_id:unnamed}"
  include = [${include.map((field) => `"${field}"`).join(', ')}]
`;

const STATUS_REASON = "the heartbeat's status: Telegraf 1.38.0 or later";
const STATUS_WARNING =
  "1 agent that loads this configuration runs Telegraf older than 1.38.0, the first release with the heartbeat's status";
const LOGS_WARNING =
  "1 agent that loads this configuration runs Telegraf older than 1.38.0, the first release with the heartbeat's logs";

/** Chooses one option of a Mantine select by its accessible name. */
async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Replaces the whole text of the CodeMirror editor. */
async function replaceToml(page: Page, toml: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(toml);
}

describe('Incompatible agents in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  const agent = (id: string) => asOwner<Agent>('GET', `/api/agents/${encodeURIComponent(id)}`);

  it("an agent whose Telegraf cannot run its configuration is Incompatible: badged, counted, filtered and explained with the reasons; the editor warns of it, and a new configuration's editor does not", async () => {
    const sent = heartbeatSending(['hostname', 'statistics', 'status']);
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'edge-status', toml: sent });
    const loads = [`${suite.url}/api/configs/${config.id}/toml`];
    await sendHeartbeats([
      { id: 'old-01', hostname: 'old-01', status: 'OK', version: 'Telegraf 1.37.2', configurations: loads },
      { id: 'new-01', hostname: 'new-01', status: 'OK', version: 'Telegraf 1.39.3', configurations: loads },
      { id: 'idle-01', hostname: 'idle-01', status: 'OK', version: 'Telegraf 1.37.2' },
    ]);
    await expect.poll(async () => (await agent('old-01')).incompatible, { timeout: 10_000 }).toBe(true);

    // What the API says, which the pages must show.
    expect((await agent('old-01')).configs.flatMap((link) => link.runs)).toEqual([
      expect.objectContaining({ configName: 'edge-status', latestVersion: 1, incompatible: [STATUS_REASON] }),
    ]);
    expect((await agent('new-01')).incompatible).toBe(false);
    expect((await agent('new-01')).configs.flatMap((link) => link.runs)).toEqual([
      expect.objectContaining({ configName: 'edge-status', incompatible: [] }),
    ]);
    expect((await agent('idle-01')).incompatible).toBe(false);
    expect((await asOwner<AgentsSummary>('GET', '/api/agents/summary')).incompatible).toBe(1);

    // The list: a badge on the Incompatible agent only, a segment in the fleet bar that filters to it, and the filter.
    const { page, errors } = await openSignedIn('/agents');
    const table = page.getByRole('table', { name: 'Agents' });
    const names = () => table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await expect.poll(async () => (await names()).sort()).toEqual(['idle-01', 'new-01', 'old-01']);
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'old-01', exact: true }) });
    await row.getByText('Incompatible', { exact: true }).hover();
    await page
      .getByRole('tooltip', { name: 'The Telegraf version it reports cannot run the current version', exact: false })
      .waitFor();
    expect(await table.getByText('Incompatible', { exact: true }).count()).toBe(1);

    const summary = page.getByRole('region', { name: 'Fleet summary' });
    expect(await summary.getByRole('button', { name: /^Outdated/ }).count()).toBe(0);
    await summary.getByRole('button', { name: 'Incompatible 1', exact: true }).click();
    await expect.poll(names).toEqual(['old-01']);
    expect(new URL(page.url()).searchParams.get('flag')).toBe('incompatible');
    const chips = page.getByRole('list', { name: 'Active filters' });
    await chips.getByText('Flag: Incompatible').waitFor();
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('1');
    await screenshot(page, 'agents-filtered-by-incompatible');
    await page.reload();
    await expect.poll(names).toEqual(['old-01']);
    await page.getByRole('button', { name: 'Remove filter Flag: Incompatible' }).click();
    await expect.poll(async () => (await names()).length).toBe(3);
    expect(new URL(page.url()).searchParams.has('flag')).toBe(false);
    await choose(page, 'Flag', 'Incompatible');
    await expect.poll(names).toEqual(['old-01']);
    expect(new URL(page.url()).searchParams.get('flag')).toBe('incompatible');

    // The agent's page: the alert names the configuration and why; the link lists the reasons beside what it runs.
    await table.getByRole('link', { name: 'old-01', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'old-01' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'Incompatible: its Telegraf cannot run a configuration' });
    await alert.getByText('It reports Telegraf 1.37.2', { exact: false }).waitFor();
    await alert.getByText('edge-status v1', { exact: true }).waitFor();
    expect(
      await alert
        .getByRole('list', { name: 'Why its Telegraf cannot run edge-status' })
        .getByRole('listitem')
        .allInnerTexts(),
    ).toEqual([STATUS_REASON]);
    const run = page
      .getByRole('region', { name: 'Configurations' })
      .getByRole('list', { name: 'Versions it runs' })
      .getByRole('listitem')
      .filter({ hasText: 'v1 of v1' });
    expect(await run.count()).toBe(1);
    expect(
      await run
        .getByRole('list', { name: 'Why its Telegraf cannot run edge-status' })
        .getByRole('listitem')
        .allInnerTexts(),
    ).toEqual([STATUS_REASON]);
    await run.getByText('Incompatible', { exact: true }).hover();
    await page.getByRole('tooltip', { name: 'The Telegraf version this agent reports cannot run v1' }).waitFor();
    await screenshot(page, 'agent-incompatible');

    await page.goto(`${suite.url}/agents/new-01`);
    await page.getByRole('heading', { level: 1, name: 'new-01' }).waitFor();
    await page.getByRole('list', { name: 'Versions it runs' }).getByText('v1 of v1', { exact: true }).waitFor();
    expect(await page.getByText('Incompatible', { exact: false }).count()).toBe(0);

    // The editor of the configuration warns where its text asks for more than an agent loading it runs.
    const check = (toml: string, configId?: string) =>
      asOwner<ValidationResult>('POST', '/api/configs/validate', { toml, configId });
    expect((await check(sent, config.id)).warnings).toEqual([
      { line: 3, column: 1, message: STATUS_WARNING, rule: 'incompatible-agents' },
    ]);
    expect((await check(sent)).warnings).toEqual([]);
    await page.goto(`${suite.url}/configs/${config.id}`);
    await page.getByRole('heading', { level: 1, name: 'edge-status' }).waitFor();
    const findings = page.getByTestId('toml-findings');
    await findings.getByText('1 warning', { exact: true }).waitFor();
    await findings.getByText(STATUS_WARNING).waitFor();
    await findings.getByText('Incompatible agents:', { exact: false }).waitFor();
    await page.locator('.cm-lint-marker-warning').waitFor();
    await screenshot(page, 'config-editor-incompatible-agents');
    // Without the status, an agent on 1.37 can run it; asking for the logs instead brings the warning back.
    await replaceToml(page, heartbeatSending(['hostname', 'statistics']));
    await page.getByText('No problems found').waitFor();
    await replaceToml(page, heartbeatSending(['hostname', 'statistics', 'logs']));
    await findings.getByText(LOGS_WARNING).waitFor();
    expect(await findings.getByText(STATUS_WARNING).count()).toBe(0);

    // A new configuration has no agents yet: the same text gets no such warning.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configurations' }).click();
    await page
      .getByRole('dialog', { name: 'Leave without saving?' })
      .getByRole('button', { name: 'Discard changes' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Configurations' }).waitFor();
    await page.getByRole('link', { name: 'Add Config' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add Configuration' }).waitFor();
    await page.locator('.cm-content').getByText('[[outputs.heartbeat]]').waitFor();
    await replaceToml(page, sent);
    await page.getByText('No problems found').waitFor();
    expect(await page.getByText('Incompatible agents', { exact: false }).count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
