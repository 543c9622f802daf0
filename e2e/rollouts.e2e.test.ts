import type { Config } from '@telegraf-controller/contract/configs';
import type { Rollout, RolloutList, VersionReview } from '@telegraf-controller/contract/rollouts';
import type { Settings } from '@telegraf-controller/contract/settings';
import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { editorEnd, ownerOf } from './owner-session.js';

const OWNER = { username: 'vera-owner', email: 'vera-owner@example.com', password: 'vera-owner-password' };

/** The heartbeat output names the agent with `&{agent_id}`: a fetch carrying it can be placed in a cohort (ADR 26). */
const identified = (input: string) => `[[inputs.${input}]]
[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "&{agent_id:unnamed}"
`;

describe('staged serving in the browser: publish, roll out, revert, pin', () => {
  // Fetch records are written, and running steps judged, within a fraction of a second.
  const suite = useBrowserSuite({ fetchRecordIntervalMs: 100, rolloutIntervalMs: 200 });
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  let agentToken: string | undefined;
  /** The inputs of the TOML a fetch is served, as an agent fetches it (`agent`: the identity it sends, if any). */
  async function served(configId: string, agent?: string): Promise<string> {
    agentToken ??= (
      await asOwner<TokenCreated>('POST', '/api/tokens', { name: 'rollout agents', preset: 'telegraf-agent' })
    ).token;
    const query = agent === undefined ? '' : `?agent_id=${encodeURIComponent(agent)}`;
    const response = await fetch(`${suite.url}/api/configs/${configId}/toml${query}`, {
      headers: { Authorization: `Bearer ${agentToken}` },
    });
    expect(response.status).toBe(200);
    return [...(await response.text()).matchAll(/\[\[inputs\.(\w+)\]\]/g)].map((match) => match[1]).join(',');
  }

  const configOf = (id: string) => asOwner<Config>('GET', `/api/configs/${id}`);
  const versionRow = (page: Page, version: number) =>
    page
      .getByRole('table', { name: 'Versions' })
      .getByRole('row')
      .filter({ has: page.getByRole('checkbox', { name: `Select version ${version}` }) });

  it('a configuration switched to publish explicitly keeps a save from agents until the version is published; four eyes refuse an unapproved one', async () => {
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'edge-staged', toml: identified('cpu') });
    const { page, errors } = await openSignedIn(`/configs/${config.id}`);
    await page.getByRole('heading', { level: 1, name: 'edge-staged' }).waitFor();
    await page.getByTestId('served-version').getByText('v1', { exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Rollouts' }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('rollouts');
    const serving = page.getByRole('region', { name: 'Serving' });
    await serving.getByText('Published v1', { exact: true }).waitFor();
    await serving.getByText('Publish explicitly', { exact: true }).click();
    await page.getByText('Saves wait to be published').waitFor();
    expect((await configOf(config.id)).publishMode).toBe('explicit');
    await page.getByText('Serving v1 · publishes explicitly').waitFor();

    // A save in the editor makes version 2, which is not served.
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await editorEnd(page);
    await page.keyboard.type('\n[[inputs.mem]]\n');
    await page.getByLabel('Change note').fill('Collect memory');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Version 2 is saved but not served: agents keep version 1', { exact: false }).waitFor();
    expect(await configOf(config.id)).toMatchObject({ version: 2, publishedVersion: 1, publishMode: 'explicit' });
    expect(await served(config.id)).toBe('cpu');
    expect(await served(config.id, 'edge-01')).toBe('cpu');

    // Four eyes on (Settings): the owner wrote version 2, so publishing it is refused and the dialog says why.
    await asOwner<Settings>('PATCH', '/api/settings', { requireApproval: true });
    await page.getByRole('tab', { name: 'Versions' }).click();
    await versionRow(page, 1).getByText('Published', { exact: true }).waitFor();
    await versionRow(page, 2).getByRole('button', { name: 'Actions for version 2' }).click();
    // The author cannot approve their own version: the action is not offered to them.
    expect(await page.getByRole('menuitem', { name: 'Approve' }).count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Publish' }).click();
    const publish = page.getByRole('dialog', { name: 'Publish version 2' });
    await publish.getByRole('button', { name: 'Confirm & Publish' }).click();
    await publish.getByText('Four eyes are required (Settings)', { exact: false }).waitFor();
    await publish.getByText('must be approved by someone other than its author', { exact: false }).waitFor();
    await screenshot(page, 'rollouts-publish-approval-required');
    expect(await served(config.id)).toBe('cpu');

    // Four eyes off again: the same Publish serves version 2 to every agent.
    await asOwner<Settings>('PATCH', '/api/settings', { requireApproval: false });
    await publish.getByRole('button', { name: 'Confirm & Publish' }).click();
    await page.getByText('Version 2 published').waitFor();
    await publish.waitFor({ state: 'hidden' });
    await versionRow(page, 2).getByText('Published', { exact: true }).waitFor();
    expect(await versionRow(page, 1).getByText('Published', { exact: true }).count()).toBe(0);
    expect((await configOf(config.id)).publishedVersion).toBe(2);
    expect(await served(config.id)).toBe('cpu,mem');
    await page.getByTestId('served-version').getByText('v2', { exact: true }).waitFor();
    await screenshot(page, 'rollouts-published');

    // A version written by another person: the owner may approve it, and the row says who did.
    const invite = await asOwner<{ url: string }>('POST', '/api/invites', {
      username: 'ada-manager',
      email: 'ada-manager@example.com',
      role: 'manager',
      expiresInHours: 1,
    });
    const code = new URL(invite.url).pathname.split('/').at(-1)!;
    const json = { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    const accepted = await fetch(`${suite.url}/api/invites/accept/${code}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ password: 'ada-manager-password' }),
    });
    expect(accepted.status).toBeLessThan(300);
    const login = await fetch(`${suite.url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'ada-manager', password: 'ada-manager-password' }),
    });
    expect(login.status).toBe(200);
    const saved = await fetch(`${suite.url}/api/configs/${config.id}`, {
      method: 'PATCH',
      headers: { ...json, cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! },
      body: JSON.stringify({ toml: identified('disk') }),
    });
    expect(saved.status).toBe(200);
    // Another person's save reaches this page when it is loaded again.
    await page.reload();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await versionRow(page, 3).getByText('ada-manager', { exact: true }).waitFor();
    await versionRow(page, 3).getByRole('button', { name: 'Actions for version 3' }).click();
    await page.getByRole('menuitem', { name: 'Approve' }).click();
    await page
      .getByRole('dialog', { name: 'Approve version 3' })
      .getByRole('button', { name: /Approve/ })
      .click();
    await versionRow(page, 3).getByLabel('Approved by vera-owner').waitFor();
    expect(await versionRow(page, 2).getByText('Approved', { exact: true }).count()).toBe(0);
    // Approved once is enough: the action is no longer offered.
    await versionRow(page, 3).getByRole('button', { name: 'Actions for version 3' }).click();
    await page.getByRole('menuitem', { name: 'View', exact: true }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Approve' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await screenshot(page, 'rollouts-version-approved');

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('four eyes is a setting: the Settings switch saves requireApproval through the same PATCH as the rest', async () => {
    const { page, errors } = await openSignedIn('/settings');
    const section = page.getByRole('region', { name: 'Four Eyes' });
    const toggle = section.getByRole('switch', { name: 'Require approval (four eyes)' });
    try {
      await toggle.waitFor({ state: 'attached' });
      expect(await toggle.isChecked()).toBe(false);
      await section.getByText('Require approval (four eyes)', { exact: true }).click();
      expect(await toggle.isChecked()).toBe(true);
      await section.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Four eyes saved').waitFor();
      expect((await asOwner<Settings>('GET', '/api/settings')).requireApproval).toBe(true);
      await screenshot(page, 'settings-four-eyes');
      // What the server holds is what the page shows after a reload.
      await page.reload();
      await toggle.waitFor({ state: 'attached' });
      await expect.poll(() => toggle.isChecked()).toBe(true);
    } finally {
      // The other tests publish and roll out without four eyes.
      await asOwner<Settings>('PATCH', '/api/settings', { requireApproval: false });
    }

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a rollout started through the form is listed with its cohorts, serves only its first cohort, pauses, resumes and aborts', async () => {
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'web-rollout', toml: identified('cpu') });
    await asOwner('PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    await asOwner('PATCH', `/api/configs/${config.id}`, { toml: identified('mem') });

    const { page, errors } = await openSignedIn(`/configs/${config.id}?tab=rollouts`);
    const rolloutsCard = page.getByRole('region', { name: 'Rollouts' });
    await rolloutsCard.getByText('No rollouts yet').waitFor();
    await rolloutsCard.getByRole('button', { name: 'New Rollout' }).click();
    const form = page.getByRole('dialog', { name: 'New rollout' });
    expect(await form.getByRole('textbox', { name: 'Version to roll out' }).inputValue()).toBe('2');

    const cohort = (n: number) => form.getByRole('group', { name: `Cohort ${n}` });
    await cohort(1).getByRole('textbox', { name: 'Name' }).fill('canary');
    await cohort(1).getByText('Agents', { exact: true }).click();
    await cohort(1).getByRole('textbox', { name: 'Agent ids' }).fill('canary-01\ncanary-02');
    await form.getByRole('button', { name: 'Add Cohort' }).click();
    await cohort(2).getByRole('textbox', { name: 'Name' }).fill('a tenth');
    await cohort(2).getByRole('textbox', { name: 'Share of all agents (%)' }).fill('10');
    await cohort(2).getByRole('textbox', { name: 'Max Fail (%)' }).fill('1');
    await form.getByRole('button', { name: 'Add Cohort' }).click();
    await cohort(3).getByRole('textbox', { name: 'Name' }).fill('everyone');
    await cohort(3).getByRole('textbox', { name: 'Share of all agents (%)' }).fill('5');
    await cohort(3).getByRole('textbox', { name: 'Bake (seconds)' }).fill('300');
    // Shares are cumulative: a smaller one after 10 % is caught before the request.
    await form.getByRole('button', { name: 'Start Rollout' }).click();
    await cohort(3).getByText('Shares add up: enter more than the 10 % of an earlier cohort.').waitFor();
    await cohort(3).getByRole('textbox', { name: 'Share of all agents (%)' }).fill('100');
    await screenshot(page, 'rollouts-new-form');
    await form.getByRole('button', { name: 'Start Rollout' }).click();

    // The rollout's page: the first cohort bakes, the others wait.
    await page.getByRole('heading', { level: 1, name: 'Rollout v1 → v2' }).waitFor();
    const cohorts = page.getByRole('table', { name: 'Cohorts' }).locator('tbody tr');
    await expect.poll(() => cohorts.count()).toBe(3);
    await cohorts.nth(0).getByText('Baking', { exact: true }).waitFor();
    await cohorts
      .nth(0)
      .getByText(/^Bake ends in \d+m/)
      .waitFor();
    await cohorts.nth(0).getByText('2 agents', { exact: true }).waitFor();
    await cohorts.nth(1).getByText('up to 10 % of agents', { exact: true }).waitFor();
    await cohorts.nth(1).getByText('Fail ≤ 1 %', { exact: false }).waitFor();
    await cohorts.nth(2).getByText('Waiting', { exact: true }).waitFor();
    const { items } = await asOwner<RolloutList>('GET', `/api/configs/${config.id}/rollouts`);
    expect(items).toHaveLength(1);
    const rollout = items[0]!;
    expect(rollout).toMatchObject({ state: 'running', step: 0, fromVersion: 1, toVersion: 2, createdBy: 'vera-owner' });
    expect(rollout.cohorts).toEqual([
      expect.objectContaining({ name: 'canary', agents: ['canary-01', 'canary-02'], percent: null, bakeSeconds: 600 }),
      expect.objectContaining({ name: 'a tenth', percent: 10, gates: expect.objectContaining({ maxFailPercent: 1 }) }),
      expect.objectContaining({ name: 'everyone', percent: 100, bakeSeconds: 300 }),
    ]);
    // Only the canary is served the new version; a fetch naming no agent keeps the published one.
    expect(await served(config.id, 'canary-01')).toBe('mem');
    expect(await served(config.id)).toBe('cpu');
    await screenshot(page, 'rollout-running');

    const overview = page.getByRole('region', { name: 'Overview' });
    await page.getByRole('button', { name: 'Pause' }).click();
    await overview.getByText('Paused', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect((await asOwner<Rollout>('GET', `/api/configs/${config.id}/rollouts/${rollout.id}`)).state).toBe('paused');
    expect(await served(config.id, 'canary-01')).toBe('mem');
    await page.getByRole('button', { name: 'Resume' }).click();
    await overview.getByText('Running', { exact: true }).waitFor();
    expect((await asOwner<Rollout>('GET', `/api/configs/${config.id}/rollouts/${rollout.id}`)).state).toBe('running');

    await page.getByRole('button', { name: 'Abort' }).click();
    const abort = page.getByRole('dialog', { name: 'Abort the rollout' });
    await abort.getByText('every agent is served version 1 again', { exact: false }).waitFor();
    await abort.getByRole('button', { name: 'Confirm & Abort' }).click();
    await overview.getByText('Aborted', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Resume' }).count()).toBe(0);
    expect((await asOwner<Rollout>('GET', `/api/configs/${config.id}/rollouts/${rollout.id}`)).state).toBe('aborted');
    expect(await served(config.id, 'canary-01')).toBe('cpu');

    // Back on the configuration's Rollouts tab: the list shows it, ended, with its cohorts.
    await page.getByRole('link', { name: 'web-rollout: rollouts' }).click();
    const row = page.getByRole('table', { name: 'Rollouts' }).locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByText('Aborted', { exact: true }).waitFor();
    await row.getByRole('link', { name: 'v1 → v2' }).waitFor();
    await row.getByText('canary → a tenth → everyone', { exact: true }).waitFor();
    await row.getByText('by vera-owner', { exact: true }).waitFor();
    await screenshot(page, 'rollouts-list');

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a rollout whose cohort breaches a gate reverts, and its page names the gate, the share and the agents', async () => {
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'db-rollout', toml: identified('cpu') });
    await asOwner('PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    await asOwner('PATCH', `/api/configs/${config.id}`, { toml: identified('mem') });
    const rollout = await asOwner<Rollout>('POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [
        { name: 'canary', agents: ['db-bad-01'], bakeSeconds: 0, gates: { minSample: 1 } },
        { name: 'everyone', percent: 100 },
      ],
    });
    // The canary reports Fail, then loads the new version with its identity: the 0 % Fail gate is breached.
    const url = `${suite.url}/api/configs/${config.id}/toml?agent_id=db-bad-01`;
    await sendHeartbeats([{ id: 'db-bad-01', hostname: 'db-bad-01', status: 'FAIL', configurations: [url] }]);
    expect(await served(config.id, 'db-bad-01')).toBe('mem');
    await expect
      .poll(async () => (await asOwner<Rollout>('GET', `/api/configs/${config.id}/rollouts/${rollout.id}`)).state, {
        timeout: 15_000,
      })
      .toBe('reverted');
    expect(await served(config.id, 'db-bad-01')).toBe('cpu');

    const { page, errors } = await openSignedIn(`/configs/${config.id}/rollouts/${rollout.id}`);
    const breach = page.getByRole('alert').filter({ hasText: 'Reverted: the Fail gate of canary was breached' });
    await breach.getByText('over the limit of 0 %', { exact: false }).waitFor();
    await breach.getByText('100 %', { exact: true }).waitFor();
    await breach.getByText('a sample of 1 agent', { exact: false }).waitFor();
    const canary = page.getByRole('table', { name: 'Cohorts' }).locator('tbody tr').nth(0);
    await canary.getByText('Stopped here', { exact: true }).waitFor();
    // Its health as the leader measured it: the cohort, the sample, and what each gate counted.
    await canary.getByText('1 agent · 1 fetched v2, needs 1', { exact: true }).waitFor();
    await canary
      .getByText('Fail 1 (100 %) · Not Reporting 0 (0 %) · Newly erroring 0 (0 %)', { exact: true })
      .waitFor();
    await screenshot(page, 'rollout-reverted');
    await breach
      .getByRole('list', { name: 'Agents that breached the gate' })
      .getByRole('link', { name: 'db-bad-01' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'db-bad-01' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/agents/db-bad-01');

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a review shows, per cohort, the diff a saved version makes for sampled agents: from the Versions tab and from the New rollout form', async () => {
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'review-staged', toml: identified('cpu') });
    await asOwner('PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    await asOwner('PATCH', `/api/configs/${config.id}`, { toml: identified('mem') });
    const urlOf = (agent: string) => `${suite.url}/api/configs/${config.id}/toml?agent_id=${agent}`;
    await sendHeartbeats(
      ['rev-01', 'rev-02'].map((id) => ({ id, hostname: id, status: 'OK', configurations: [urlOf(id)] })),
    );
    // The agents are known to load the configuration once their heartbeats are recorded.
    await expect
      .poll(
        async () =>
          (await asOwner<VersionReview>('POST', `/api/configs/${config.id}/review`, { version: 2 })).cohorts[0]?.agents,
        { timeout: 15_000 },
      )
      .toBe(2);

    const { page, errors } = await openSignedIn(`/configs/${config.id}?tab=versions`);
    await versionRow(page, 2).getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Review' }).click();
    const review = page.getByRole('dialog', { name: 'Review version 2' });
    const everyone = review.getByRole('region', { name: 'Cohort All agents' });
    await everyone.getByText('2 agents', { exact: true }).waitFor();
    await everyone.getByText('rev-01', { exact: true }).waitFor();
    await everyone.getByText('rev-02', { exact: true }).waitFor();
    await review.getByText('From version 1, served now, to version 2', { exact: false }).waitFor();
    const removed = everyone.locator('[data-line="removed"]').filter({ hasText: '[[inputs.cpu]]' });
    const added = everyone.locator('[data-line="added"]').filter({ hasText: '[[inputs.mem]]' });
    await expect.poll(() => removed.count()).toBe(2);
    await expect.poll(() => added.count()).toBe(2);
    expect(await everyone.locator('[data-line="added"]').first().textContent()).toBe('+[[inputs.mem]]');
    await screenshot(page, 'rollouts-version-review');
    await page.keyboard.press('Escape');
    await review.waitFor({ state: 'hidden' });
    // Reviewing serves nothing.
    expect(await served(config.id, 'rev-01')).toBe('cpu');

    // The New rollout form reviews the version with the cohorts being drafted.
    await page.getByRole('tab', { name: 'Rollouts' }).click();
    await page.getByRole('region', { name: 'Rollouts' }).getByRole('button', { name: 'New Rollout' }).click();
    const form = page.getByRole('dialog', { name: 'New rollout' });
    const canary = form.getByRole('group', { name: 'Cohort 1' });
    await canary.getByRole('textbox', { name: 'Name' }).fill('canary');
    await canary.getByText('Agents', { exact: true }).click();
    await canary.getByRole('textbox', { name: 'Agent ids' }).fill('rev-02');
    await form.getByRole('button', { name: 'Add Cohort' }).click();
    await form.getByRole('group', { name: 'Cohort 2' }).getByRole('textbox', { name: 'Name' }).fill('the rest');
    await form
      .getByRole('group', { name: 'Cohort 2' })
      .getByRole('textbox', { name: 'Share of all agents (%)' })
      .fill('100');
    await form.getByRole('button', { name: 'Review' }).click();
    const drafted = page.getByRole('dialog', { name: 'Review version 2' });
    const canaryReview = drafted.getByRole('region', { name: 'Cohort canary' });
    await canaryReview.getByText('1 agent', { exact: true }).waitFor();
    await canaryReview.getByText('rev-02', { exact: true }).waitFor();
    expect(await canaryReview.getByText('rev-01', { exact: true }).count()).toBe(0);
    await canaryReview.locator('[data-line="added"]').filter({ hasText: '[[inputs.mem]]' }).waitFor();
    const rest = drafted.getByRole('region', { name: 'Cohort the rest' });
    await rest.getByText('1 agent', { exact: true }).waitFor();
    await rest.getByText('rev-01', { exact: true }).waitFor();
    await screenshot(page, 'rollouts-new-form-review');
    await page.keyboard.press('Escape');
    await drafted.waitFor({ state: 'hidden' });
    // Closing the review leaves the draft as it was, ready to start; nothing was started.
    expect(await canary.getByRole('textbox', { name: 'Agent ids' }).inputValue()).toBe('rev-02');
    expect((await asOwner<RolloutList>('GET', `/api/configs/${config.id}/rollouts`)).items).toEqual([]);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the kill switch pins a version for every agent, holds back rollouts, and unpins after a confirmation', async () => {
    const config = await asOwner<Config>('POST', '/api/configs', { name: 'api-pinned', toml: identified('cpu') });
    await asOwner('PATCH', `/api/configs/${config.id}`, { toml: identified('mem') });
    expect(await served(config.id)).toBe('mem');

    const { page, errors } = await openSignedIn(`/configs/${config.id}?tab=rollouts`);
    const serving = page.getByRole('region', { name: 'Serving' });
    await serving.getByRole('button', { name: 'Pin a Version' }).click();
    const pin = page.getByRole('dialog', { name: 'Pin a version (kill switch)' });
    await pin.getByText('A rollout in progress is aborted', { exact: false }).waitFor();
    await pin.getByRole('textbox', { name: 'Version to serve' }).fill('1');
    await pin.getByRole('button', { name: 'Confirm & Pin' }).click();
    await pin.waitFor({ state: 'hidden' });
    await page.getByText('Pinned to v1', { exact: true }).first().waitFor();
    expect(await page.getByText('Pinned to v1', { exact: true }).count()).toBe(2);
    expect((await configOf(config.id)).pinnedVersion).toBe(1);
    expect(await served(config.id)).toBe('cpu');
    expect(await served(config.id, 'api-01')).toBe('cpu');
    expect(await page.getByRole('button', { name: 'New Rollout' }).isDisabled()).toBe(true);
    await page.getByText('Pinned to version 1: unpin it before starting a rollout.').waitFor();
    await screenshot(page, 'rollouts-pinned');

    await serving.getByRole('button', { name: 'Unpin' }).click();
    const unpin = page.getByRole('dialog', { name: 'Unpin version 1' });
    await unpin.getByText('Agents are served the published version 2 again', { exact: false }).waitFor();
    await unpin.getByRole('button', { name: 'Confirm & Unpin' }).click();
    await unpin.waitFor({ state: 'hidden' });
    await serving.getByRole('button', { name: 'Pin a Version' }).waitFor();
    expect(await page.getByText('Pinned to v1', { exact: true }).count()).toBe(0);
    expect((await configOf(config.id)).pinnedVersion).toBeNull();
    expect(await served(config.id)).toBe('mem');
    expect(await page.getByRole('button', { name: 'New Rollout' }).isDisabled()).toBe(false);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
