import type { Agent, AgentsSummary, ConfigAgentVersions } from '@telegraf-controller/contract/agents';
import type { Config } from '@telegraf-controller/contract/configs';
import type { Settings } from '@telegraf-controller/contract/settings';
import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'vera-owner', email: 'vera-owner@example.com', password: 'vera-owner-password' };

/**
 * The heartbeat output names the agent with `&{agent_id}`: a fetch carrying it names the agent (ADR 26). Its default
 * lets a URL without it be served too, naming no agent.
 */
const identified = (input: string) => `[[inputs.${input}]]
[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "&{agent_id:unnamed}"
`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chooses one option of a Mantine select by its accessible name. */
async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('served versions and Outdated agents in the browser', () => {
  // Fetch records are written every 100 ms, so what was served shows within a poll.
  const suite = useBrowserSuite({ fetchRecordIntervalMs: 100 });
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  /** Fetches a configuration's TOML the way Telegraf does (a GET loads it, a HEAD is a watching agent's poll). */
  async function fetchToml(path: string, method: 'GET' | 'HEAD', token: string): Promise<void> {
    const response = await fetch(`${suite.url}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
    expect(response.status, `${method} ${path}`).toBe(200);
  }

  const agent = (id: string) => asOwner<Agent>('GET', `/api/agents/${encodeURIComponent(id)}`);
  const runsOf = async (id: string) => (await agent(id)).configs.flatMap((link) => link.runs);

  it('an agent that has not fetched the saved version is Outdated: badged, counted, filtered, explained on its page and counted per version', async () => {
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'edge-drift', toml: identified('cpu') });
    const { token } = await asOwner<TokenCreated>('POST', '/api/tokens', {
      name: 'drift agents',
      preset: 'telegraf-agent',
    });
    const toml = `/api/configs/${config.id}/toml`;
    const reported = (path: string) => [`${suite.url}${path}`];

    // drift-01 loads v1 with its id, then polls once: its fetch interval (and so its grace) is well under a second.
    const drifting = `${toml}?agent_id=drift-01`;
    await fetchToml(drifting, 'GET', token);
    await pause(300);
    await fetchToml(drifting, 'HEAD', token);
    await sendHeartbeats([{ id: 'drift-01', hostname: 'drift-01', status: 'OK', configurations: reported(drifting) }], {
      token,
    });
    await expect.poll(async () => (await runsOf('drift-01'))[0]?.basis, { timeout: 10_000 }).toBe('exact');

    await asOwner<Config>('PATCH', `/api/configs/${config.id}`, { toml: identified('mem') });
    // steady-01 loads v2 with its id; plain-01 loads it from a URL that names no agent.
    const steady = `${toml}?agent_id=steady-01`;
    await fetchToml(steady, 'GET', token);
    await fetchToml(toml, 'GET', token);
    await sendHeartbeats(
      [
        { id: 'steady-01', hostname: 'steady-01', status: 'OK', configurations: reported(steady) },
        { id: 'plain-01', hostname: 'plain-01', status: 'OK', configurations: reported(toml) },
      ],
      { token },
    );
    await expect.poll(async () => (await agent('drift-01')).outdated, { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await runsOf('steady-01'))[0]?.basis, { timeout: 10_000 }).toBe('exact');
    await expect.poll(async () => (await runsOf('plain-01'))[0]?.basis, { timeout: 10_000 }).toBe('inferred');
    await expect
      .poll(async () => (await asOwner<AgentsSummary>('GET', '/api/agents/summary')).outdated, { timeout: 10_000 })
      .toBe(1);

    // What the API says, which the pages must show.
    expect(await runsOf('drift-01')).toEqual([
      expect.objectContaining({
        configName: 'edge-drift',
        version: 1,
        latestVersion: 2,
        basis: 'exact',
        outdated: true,
      }),
    ]);
    expect(await runsOf('plain-01')).toEqual([
      expect.objectContaining({ version: 2, latestVersion: 2, basis: 'inferred', outdated: false }),
    ]);
    expect((await agent('steady-01')).outdated).toBe(false);
    const versions = await asOwner<ConfigAgentVersions>('GET', `/api/configs/${config.id}/agent-versions`);
    expect(versions).toMatchObject({ latestVersion: 2, anonymousFetches: [{ version: 2, urls: 1 }] });
    expect([...versions.versions].sort((a, b) => (b.version ?? 0) - (a.version ?? 0))).toEqual([
      { version: 2, agents: 2, exact: 1, inferred: 1, unknown: 0, outdated: 0 },
      { version: 1, agents: 1, exact: 1, inferred: 0, unknown: 0, outdated: 1 },
    ]);

    // The list: a badge on the Outdated agent only, a segment in the fleet bar that filters to it, and the filter.
    const { page, errors } = await openSignedIn('/agents');
    const table = page.getByRole('table', { name: 'Agents' });
    const names = () => table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await expect.poll(async () => (await names()).sort()).toEqual(['drift-01', 'plain-01', 'steady-01']);
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'drift-01', exact: true }) });
    await row.getByText('Outdated', { exact: true }).hover();
    await page
      .getByRole('tooltip', {
        name: 'A configuration it loads has a newer version that it has not fetched',
        exact: false,
      })
      .waitFor();
    expect(await table.getByText('Outdated', { exact: true }).count()).toBe(1);

    const summary = page.getByRole('region', { name: 'Fleet summary' });
    await summary.getByRole('button', { name: 'Outdated 1', exact: true }).click();
    await expect.poll(names).toEqual(['drift-01']);
    expect(new URL(page.url()).searchParams.get('flag')).toBe('outdated');
    await page.getByRole('list', { name: 'Active filters' }).getByText('Flag: Outdated').waitFor();
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('1');
    await screenshot(page, 'agents-filtered-by-outdated');
    // The filter lives in the URL: a reload keeps it.
    await page.reload();
    await expect.poll(names).toEqual(['drift-01']);
    await page.getByRole('button', { name: 'Remove filter Flag: Outdated' }).click();
    await expect.poll(async () => (await names()).length).toBe(3);
    expect(new URL(page.url()).searchParams.has('flag')).toBe(false);
    await choose(page, 'Flag', 'Outdated');
    await expect.poll(names).toEqual(['drift-01']);
    expect(new URL(page.url()).searchParams.get('flag')).toBe('outdated');

    // The agent's page: the alert names what it runs; the link shows the version, how it is known, and the fetch.
    await table.getByRole('link', { name: 'drift-01', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'drift-01' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'Outdated: runs an older version of its configuration' });
    await alert.getByText('It runs edge-drift v1 of v2.', { exact: false }).waitFor();
    const runs = page.getByRole('region', { name: 'Configurations' }).getByRole('list', { name: 'Versions it runs' });
    const run = runs.getByRole('listitem');
    expect(await run.count()).toBe(1);
    await run.getByText('v1 of v2', { exact: true }).waitFor();
    await run.getByText('Outdated', { exact: true }).waitFor();
    await run.getByText(/^fetched /).waitFor();
    await run.getByText('Exact', { exact: true }).hover();
    await page.getByRole('tooltip', { name: 'This agent fetched it with its own id', exact: false }).waitFor();
    await screenshot(page, 'agent-outdated');

    await page.goto(`${suite.url}/agents/plain-01`);
    await page.getByRole('heading', { level: 1, name: 'plain-01' }).waitFor();
    const plain = page.getByRole('list', { name: 'Versions it runs' }).getByRole('listitem');
    await plain.getByText('v2 of v2', { exact: true }).waitFor();
    await plain.getByText('Inferred', { exact: true }).hover();
    await page.getByRole('tooltip', { name: 'A fetch that named no agent was served', exact: false }).waitFor();
    expect(await plain.getByText('Outdated', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('alert').filter({ hasText: 'Outdated' }).count()).toBe(0);

    // The configuration's page: agents per version as the API counts them, and a way to the Outdated ones.
    await page.goto(`${suite.url}/configs/${config.id}`);
    await page.getByRole('heading', { level: 1, name: 'edge-drift' }).waitFor();
    await page.getByRole('tab', { name: 'Agents' }).click();
    const card = page.getByRole('region', { name: 'Agents per version' });
    const rows = card.getByRole('table', { name: 'Agents per version' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(versions.versions.length);
    for (const [index, counts] of versions.versions.entries()) {
      const cells = await rows.nth(index).locator('td').allInnerTexts();
      expect(cells[0]).toContain(`v${counts.version}`);
      expect(cells[0]!.includes('Latest')).toBe(counts.version === versions.latestVersion);
      expect(cells.slice(1)).toEqual(
        [counts.agents, counts.exact, counts.inferred, counts.unknown, counts.outdated].map(String),
      );
    }
    expect(
      await card.getByRole('list', { name: 'Fetches that named no agent' }).getByRole('listitem').allInnerTexts(),
    ).toEqual(['v2: 1 URL']);
    await screenshot(page, 'config-agents-per-version');
    await card.getByRole('link', { name: 'View 1 Outdated agent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/agents');
    expect(Object.fromEntries(url.searchParams)).toEqual({ config: config.id, flag: 'outdated' });
    await expect.poll(names).toEqual(['drift-01']);
    const chips = page.getByRole('list', { name: 'Active filters' });
    await chips.getByText('Config: edge-drift').waitFor();
    await chips.getByText('Flag: Outdated').waitFor();
    // Picked in its select, a configuration goes into the URL too.
    await chips.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await names()).length).toBe(3);
    expect(new URL(page.url()).search).toBe('');
    await choose(page, 'Configuration', 'edge-drift');
    await chips.getByText('Config: edge-drift').waitFor();
    expect(new URL(page.url()).searchParams.get('config')).toBe(config.id);
    await expect.poll(async () => (await names()).length).toBe(3);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the Outdated grace is a setting: checked in the form, saved through the same PATCH as the rest', async () => {
    const { page, errors } = await openSignedIn('/settings');
    const section = page.getByRole('region', { name: 'Outdated Agents' });
    const graceField = section.getByRole('textbox', { name: 'Outdated grace (minutes)' });
    await expect.poll(() => graceField.inputValue()).toBe('10');
    await graceField.fill('');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Outdated grace (minutes) must be a whole number from 1 to 10080.').waitFor();
    await graceField.fill('45');
    await section.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Outdated agents saved').waitFor();
    expect((await asOwner<Settings>('GET', '/api/settings')).outdatedGraceMinutes).toBe(45);
    await screenshot(page, 'settings-outdated-grace');

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
