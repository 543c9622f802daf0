import type { Agent, AgentList, AgentStatistics, HeartbeatLogs } from '@telegraf-controller/contract/agents';
import type { Label } from '@telegraf-controller/contract/labels';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import type { Settings } from '@telegraf-controller/contract/settings';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'aggie-owner', email: 'aggie-owner@example.com', password: 'aggie-owner-password' };

/** Chooses one option of a Mantine select by its accessible name. */
async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('agents in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  it('the fleet shows per status, filters to the failing agent, takes a label in bulk and filters by it', async () => {
    await sendHeartbeats([
      { id: 'web-01', hostname: 'web-01', status: 'OK' },
      { id: 'db-01', hostname: 'db-01', status: 'FAIL' },
      { id: 'cache-01', hostname: 'cache-01', status: 'WARN' },
    ]);
    await asOwner<Label>('POST', '/api/labels', { name: 'edge', color: '#16a34a' });

    const { page, errors } = await openSignedIn('/agents');
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    const summary = page.getByRole('region', { name: 'Fleet summary' });
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('3');
    expect(await summary.getByRole('list', { name: 'Status legend' }).getByRole('listitem').allInnerTexts()).toEqual([
      'OK 1 (33%)',
      'Warn 1 (33%)',
      'Fail 1 (33%)',
    ]);
    const table = page.getByRole('table', { name: 'Agents' });
    const names = () => table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await expect.poll(names).toHaveLength(3);
    expect(await page.getByTestId('agents-range').innerText()).toBe('1–3 of 3');
    await screenshot(page, 'agents-list');
    await page.getByRole('button', { name: 'Auto-refresh interval' }).click();
    await page.getByRole('menuitem', { name: '10 s' }).click();
    await page.getByRole('button', { name: 'Refresh · every 10 s' }).waitFor();

    // Sorting by name, then reversed.
    await table.getByRole('button', { name: 'Agent' }).click();
    await expect.poll(names).toEqual(['cache-01', 'db-01', 'web-01']);
    await table.getByRole('button', { name: 'Agent' }).click();
    await expect.poll(names).toEqual(['web-01', 'db-01', 'cache-01']);

    await choose(page, 'Status', 'Fail');
    await expect.poll(names).toEqual(['db-01']);
    await page.getByRole('list', { name: 'Active filters' }).getByText('Status: Fail').waitFor();
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('1');
    await screenshot(page, 'agents-filtered-by-status');
    await page.getByRole('button', { name: 'Remove filter Status: Fail' }).click();
    await expect.poll(names).toHaveLength(3);

    await table.getByRole('checkbox', { name: 'Select web-01' }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('1 selected').waitFor();
    await bulk.getByRole('button', { name: 'Manage Labels' }).click();
    const manage = page.getByRole('dialog', { name: 'Manage labels of 1 agent' });
    await page.getByRole('textbox', { name: 'Labels to assign' }).fill('edge');
    await page.getByRole('option', { name: 'edge', exact: true }).click();
    await manage.getByRole('button', { name: 'Assign to 1 agent' }).click();
    await page.getByText('1 change across 1 agent.').waitFor();
    const tagged = await asOwner<AgentList>('GET', `/api/agents?label=${(await labelNamed('edge')).id}`);
    expect(tagged.items.map((agent) => agent.id)).toEqual(['web-01']);

    await page.getByText('Show labels', { exact: true }).click();
    expect(await page.getByRole('switch', { name: 'Show labels' }).isChecked()).toBe(true);
    const webRow = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'web-01' }) });
    await webRow.getByText('edge', { exact: true }).waitFor();
    await choose(page, 'Label', 'edge');
    await expect.poll(names).toEqual(['web-01']);
    await page.getByRole('list', { name: 'Active filters' }).getByText('Label: edge').waitFor();
    await screenshot(page, 'agents-filtered-by-label');

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  async function labelNamed(name: string): Promise<Label> {
    const labels = await asOwner<{ items: Label[] }>('GET', `/api/labels?search=${name}`);
    const label = labels.items.find((each) => each.name === name);
    expect(label, name).toBeDefined();
    return label!;
  }

  it("an agent's page shows its heartbeat, configurations and logs, and its reporting rule is changed", async () => {
    const config = await asOwner<{ id: string }>('POST', '/api/configs', {
      name: 'edge-base',
      toml: '[[inputs.cpu]]\n',
    });
    const rule = await asOwner<ReportingRule>('POST', '/api/reporting-rules', {
      description: 'Edge sites',
      notReportingAfterSeconds: 600,
    });
    // Any text is an agent id: this one must survive being put into paths.
    const id = 'edge/02 #b';
    await sendHeartbeats([
      {
        id,
        status: 'FAIL',
        statistics: { errors: 3, warnings: 1, metrics: 42 },
        configurations: [`http://x:8888/api/configs/${config.id}/toml?agent_id=edge`, '/etc/telegraf/local.conf'],
        logs: [
          {
            time: '2026-01-01T00:00:00Z',
            level: 'ERROR',
            source: 'inputs.cpu',
            message: 'boom',
            attributes: { retry: 2 },
          },
        ],
      },
    ]);

    const { page, errors } = await openSignedIn('/agents');
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    await page.getByRole('textbox', { name: 'Search agents' }).fill('edge/02');
    const table = page.getByRole('table', { name: 'Agents' });
    await expect.poll(() => table.locator('tbody tr td:nth-child(2) a').allInnerTexts()).toEqual([id]);
    await table.getByRole('link', { name: id }).click();

    await page.getByRole('heading', { level: 1, name: id }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/agents/${encodeURIComponent(id)}`);
    const heartbeat = page.getByRole('region', { name: 'Heartbeat Data' });
    await heartbeat.getByText('Fail', { exact: true }).waitFor();
    await heartbeat.getByText('Telegraf 1.37.0').waitFor();
    expect(await heartbeat.getByTestId('statistic-errors').innerText()).toBe('3');
    expect(await heartbeat.getByTestId('statistic-metrics').innerText()).toBe('42');
    await heartbeat.getByRole('img', { name: 'errors in the last 1 heartbeats' }).waitFor();

    const configs = page.getByRole('region', { name: 'Configurations' });
    expect(await configs.getByRole('link', { name: 'edge-base' }).getAttribute('href')).toBe(`/configs/${config.id}`);
    await configs.getByText('/etc/telegraf/local.conf').waitFor();
    await configs.getByRole('button', { name: 'Copy source' }).waitFor();

    const logs = page.getByRole('region', { name: 'Reported Logs' });
    const logTable = logs.getByRole('table', { name: 'Reported logs' });
    await logTable.getByText('inputs.cpu').waitFor();
    await logTable.getByText('boom').click();
    await logTable.getByText('"retry": 2').waitFor();
    await logs.getByRole('button', { name: 'Download JSON' }).waitFor();

    const ruleCard = page.getByRole('region', { name: 'Reporting Rule' });
    await ruleCard.getByTestId('agent-rule').waitFor();
    expect(await ruleCard.getByTestId('agent-rule').innerText()).not.toBe('Edge sites');
    await ruleCard.getByRole('button', { name: 'Change' }).click();
    const change = page.getByRole('dialog', { name: 'Change reporting rule' });
    await change.getByRole('textbox', { name: 'Reporting rule' }).click();
    await change.getByRole('option', { name: 'Edge sites', exact: true }).click();
    await change.getByRole('button', { name: 'Apply' }).click();
    await change.waitFor({ state: 'detached' });
    await expect.poll(() => ruleCard.getByTestId('agent-rule').innerText()).toBe('Edge sites');
    await ruleCard.getByText('10 min', { exact: true }).waitFor();
    const stored = await asOwner<Agent>('GET', `/api/agents/${encodeURIComponent(id)}`);
    expect(stored.reportingRuleId).toBe(rule.id);
    await screenshot(page, 'agent-detail');

    // Deleting the agent leads back to the list, where it is gone.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete agent' });
    await confirm.getByText('The running Telegraf is not touched', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    const left = await asOwner<AgentList>('GET', '/api/agents?limit=500');
    expect(left.items.map((agent) => agent.id)).not.toContain(id);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  /**
   * Heartbeats from one id with each hostname in turn. The server judges a change back against the hostname it
   * stored, so each heartbeat is written (the API shows its hostname) before the next is sent.
   */
  async function sendFromHosts(id: string, hostnames: string[]): Promise<void> {
    for (const hostname of hostnames) {
      await sendHeartbeats([{ id, hostname, status: 'OK' }]);
      await expect
        .poll(async () => (await asOwner<Agent>('GET', `/api/agents/${encodeURIComponent(id)}`)).hostname, {
          timeout: 10_000,
        })
        .toBe(hostname);
    }
  }

  it('an id two machines take turns with is badged, found by "Duplicate ids only" and explained on its page', async () => {
    await sendFromHosts('golden-image', ['clone-a', 'clone-b', 'clone-a']);
    const stored = await asOwner<Agent>('GET', '/api/agents/golden-image');
    expect(stored.duplicate).toMatchObject({ hosts: ['clone-a', 'clone-b'], count: 1 });

    const { page, errors } = await openSignedIn('/agents');
    const table = page.getByRole('table', { name: 'Agents' });
    const names = () => table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await expect.poll(async () => (await names()).length).toBeGreaterThan(1);
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'clone-a', exact: true }) });
    await row.getByText('Duplicate id', { exact: true }).hover();
    await page.getByRole('tooltip', { name: 'Two machines report as this agent: clone-a and clone-b' }).waitFor();
    expect(await table.getByText('Duplicate id', { exact: true }).count()).toBe(1);

    await page.getByRole('checkbox', { name: 'Duplicate ids only' }).check();
    await expect.poll(names).toEqual(['clone-a']);
    await page.getByRole('list', { name: 'Active filters' }).getByText('Duplicate ids only').waitFor();
    const summary = page.getByRole('region', { name: 'Fleet summary' });
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('1');
    await screenshot(page, 'agents-filtered-by-duplicate-id');
    await page.getByRole('button', { name: 'Remove filter Duplicate ids only' }).click();
    expect(await page.getByRole('checkbox', { name: 'Duplicate ids only' }).isChecked()).toBe(false);
    await expect.poll(async () => (await names()).length).toBeGreaterThan(1);

    await table.getByRole('link', { name: 'clone-a', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'clone-a' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'Two machines report as this agent' });
    await alert.getByText('clone-a and clone-b send heartbeats', { exact: false }).waitFor();
    await alert.getByText('1 switch seen', { exact: false }).waitFor();
    await alert.getByText('Give each machine its own agent_id parameter', { exact: false }).waitFor();
    await screenshot(page, 'agent-duplicate-id');

    // The window is a setting: checked in the form, saved through the same PATCH as the rest.
    await page.goto(`${suite.url}/settings`);
    const section = page.getByRole('region', { name: 'Duplicate Agent IDs' });
    const windowField = section.getByRole('textbox', { name: 'Duplicate id window (minutes)' });
    expect(await windowField.inputValue()).toBe('10');
    await windowField.fill('');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Duplicate id window (minutes) must be a whole number from 1 to 1440.').waitFor();
    await windowField.fill('30');
    await section.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Duplicate agent IDs saved').waitFor();
    expect((await asOwner<Settings>('GET', '/api/settings')).duplicateWindowMinutes).toBe(30);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  /**
   * Heartbeats of one agent reporting OK, each with its own interval's statistics. The server counts beats in a row
   * as it writes them and keeps only an agent's latest unwritten heartbeat, so each is written (the statistics
   * series grows) before the next is sent.
   */
  async function sendInTurn(id: string, statistics: AgentStatistics[]): Promise<void> {
    for (const [index, counts] of statistics.entries()) {
      await sendHeartbeats([{ id, hostname: id, status: 'OK', statistics: counts }]);
      await expect
        .poll(
          async () =>
            (await asOwner<HeartbeatLogs>('GET', `/api/heartbeat/agent/${encodeURIComponent(id)}/logs`)).length,
          { timeout: 10_000 },
        )
        .toBe(index + 1);
    }
  }

  it('an agent that reports OK but routes no metric is badged Silent, found by its flag and explained on its page', async () => {
    const nothing = { errors: 0, warnings: 0, metrics: 0 };
    await sendInTurn('quiet-01', [nothing, nothing, nothing]);
    await sendInTurn(
      'erring-01',
      [1, 2, 3].map((errors) => ({ errors, warnings: 0, metrics: 10 })),
    );
    expect((await asOwner<Agent>('GET', '/api/agents/quiet-01')).silent).toEqual({ beats: 3, after: 3 });
    expect((await asOwner<Agent>('GET', '/api/agents/erring-01')).degrading).toEqual({ beats: 3, after: 3 });

    const { page, errors } = await openSignedIn('/agents');
    const table = page.getByRole('table', { name: 'Agents' });
    const names = () => table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await expect.poll(async () => (await names()).length).toBeGreaterThan(2);
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'quiet-01', exact: true }) });
    await row.getByText('Silent', { exact: true }).hover();
    await page
      .getByRole('tooltip', {
        name: 'No metric routed in its last 3 heartbeats in a row while reporting OK; its reporting rule flags it after 3 heartbeats.',
      })
      .waitFor();
    expect(await table.getByText('Silent', { exact: true }).count()).toBe(1);
    expect(await table.getByText('Degrading', { exact: true }).count()).toBe(1);

    await choose(page, 'Flag', 'Silent');
    await expect.poll(names).toEqual(['quiet-01']);
    await page.getByRole('list', { name: 'Active filters' }).getByText('Flag: Silent').waitFor();
    const summary = page.getByRole('region', { name: 'Fleet summary' });
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('1');
    await screenshot(page, 'agents-filtered-by-flag');
    await choose(page, 'Flag', 'Degrading');
    await expect.poll(names).toEqual(['erring-01']);
    await page.getByRole('button', { name: 'Remove filter Flag: Degrading' }).click();
    await expect.poll(async () => (await names()).length).toBeGreaterThan(2);

    await table.getByRole('link', { name: 'quiet-01', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'quiet-01' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'Silent: reports OK but sends nothing' });
    await alert
      .getByText('routed no metric to its heartbeat output in its last 3 heartbeats in a row', { exact: false })
      .waitFor();
    await alert.getByText('Its reporting rule flags an agent Silent after 3 heartbeats.', { exact: false }).waitFor();
    const metrics = page.getByRole('region', { name: 'Heartbeat Data' }).getByRole('region', { name: 'Metrics' });
    await metrics.getByText('Silent', { exact: true }).waitFor();
    await metrics.getByRole('img', { name: 'metrics in the last 3 heartbeats' }).waitFor();
    await alert.getByRole('button', { name: 'Show the Metrics chart' }).click();
    const metadata = page.getByRole('region', { name: 'Agent Metadata' });
    expect(await metadata.getByTestId('agent-token').innerText()).toBe('fleet agents');
    await screenshot(page, 'agent-silent');

    await page.goto(`${suite.url}/agents/erring-01`);
    const degrading = page.getByRole('alert').filter({ hasText: 'Degrading: errors keep rising' });
    await degrading
      .getByText('reported more errors than the heartbeat before in its last 3 heartbeats in a row', { exact: false })
      .waitFor();
    await page
      .getByRole('region', { name: 'Heartbeat Data' })
      .getByRole('region', { name: 'Errors' })
      .getByText('Degrading', { exact: true })
      .waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Silent' }).count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the list pages through the fleet 25 at a time, forward and back', async () => {
    await sendHeartbeats(
      Array.from({ length: 25 }, (_, index) => ({
        id: `fleet-${String(index).padStart(2, '0')}`,
        hostname: `fleet-${String(index).padStart(2, '0')}`,
        status: 'OK' as const,
      })),
    );
    const { total } = await asOwner<AgentList>('GET', '/api/agents?limit=1');
    expect(total).toBeGreaterThan(25);
    expect(total).toBeLessThanOrEqual(50);

    const { page, errors } = await openSignedIn('/agents');
    const table = page.getByRole('table', { name: 'Agents' });
    const names = () => table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await table.getByRole('button', { name: 'Agent' }).click();
    await expect.poll(() => page.getByTestId('agents-range').innerText()).toBe(`1–25 of ${total}`);
    const first = await names();
    expect(first).toHaveLength(25);

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByTestId('agents-range').innerText()).toBe(`26–${total} of ${total}`);
    const second = await names();
    expect(second).toHaveLength(total - 25);
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(names).toEqual(first);
    await choose(page, 'Rows per page', '50');
    await expect.poll(() => page.getByTestId('agents-range').innerText()).toBe(`1–${total} of ${total}`);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
