import type { ErrorPatternList } from '@telegraf-controller/contract/error-patterns';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite } from './browser.js';
import { fleetOf } from './fleet.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'erin-owner', email: 'erin-owner@example.com', password: 'erin-owner-password' };

const REFUSED = 'dial tcp <ip>: connect: connection refused';
const SLOW = 'Collection took longer than expected; not complete after interval of <n>s';

/** A heartbeat's log of one entry, as Telegraf's heartbeat output sends it. */
const logOf = (level: 'ERROR' | 'WARN', source: string, message: string) => [
  { time: new Date().toISOString(), level, source, message },
];

/** Chooses one option of a Mantine select by its accessible name. */
async function choose(page: Page, field: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('error patterns in the browser', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);
  const { sendHeartbeats } = fleetOf(suite, asOwner);

  it('alike errors from two agents are one pattern: listed with its counts, filtered by level and search in the URL, its sample shown, and a click lists exactly its agents under a chip', async () => {
    await sendHeartbeats([
      {
        id: 'db-01',
        hostname: 'db-01',
        status: 'WARN',
        logs: logOf('ERROR', 'inputs.mysql', 'dial tcp 10.0.0.1:3306: connect: connection refused'),
      },
      {
        id: 'db-02',
        hostname: 'db-02',
        status: 'WARN',
        logs: logOf('ERROR', 'inputs.mysql', 'dial tcp 10.0.0.2:3306: connect: connection refused'),
      },
      {
        id: 'ping-01',
        hostname: 'ping-01',
        status: 'OK',
        logs: logOf('WARN', 'inputs.ping', 'Collection took longer than expected; not complete after interval of 10s'),
      },
      { id: 'quiet-01', hostname: 'quiet-01', status: 'OK' },
    ]);
    const patterns = () => asOwner<ErrorPatternList>('GET', '/api/error-patterns');
    await expect.poll(async () => (await patterns()).total, { timeout: 10_000 }).toBe(2);

    // What the API says, which the page must show.
    const { items } = await patterns();
    const refused = items.find((item) => item.pattern === REFUSED)!;
    expect(refused).toMatchObject({ level: 'ERROR', source: 'inputs.mysql', agents: 2, occurrences: 2 });
    expect(['db-01', 'db-02']).toContain(refused.sampleAgentId);
    const slow = items.find((item) => item.pattern === SLOW)!;
    expect(slow).toMatchObject({ level: 'WARN', source: 'inputs.ping', agents: 1, occurrences: 1 });

    // Reached from the main navigation.
    const { page, errors } = await openSignedIn('/agents');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Error Patterns' }).click();
    await page.getByRole('heading', { level: 1, name: 'Error Patterns' }).waitFor();
    const table = page.getByRole('table', { name: 'Error patterns' });
    const rows = table.locator('tbody tr');
    const shownPatterns = () => table.locator('tbody tr td:nth-child(4)').allInnerTexts();
    await expect.poll(async () => (await shownPatterns()).sort()).toEqual([SLOW, REFUSED].sort());
    const row = rows.filter({ hasText: REFUSED });
    const cells = await row.locator('td').allInnerTexts();
    // The level badge reads in capitals, as Telegraf writes it.
    expect(cells.slice(1, 6).map((cell) => cell.trim())).toEqual(['ERROR', 'inputs.mysql', REFUSED, '2', '2']);
    for (const seen of cells.slice(6)) expect(seen).toMatch(/ago|just now/);
    await page.getByText('Showing 2 of 2').waitFor();

    // The latest message as sent, and the agent that sent it.
    await row.getByRole('button', { name: 'Show the latest message' }).click();
    const sample = table.locator('tbody tr').filter({ hasText: 'The latest message, as sent by' });
    await sample.getByText(refused.sample, { exact: true }).waitFor();
    await sample.getByRole('link', { name: refused.sampleAgentId, exact: true }).waitFor();
    expect(refused.sample).toMatch(/^dial tcp 10\.0\.0\.[12]:3306: connect: connection refused$/);
    await screenshot(page, 'error-patterns');
    await row.getByRole('button', { name: 'Hide the latest message' }).click();
    await sample.waitFor({ state: 'detached' });

    // The level filter and the search narrow the list, and live in the URL.
    await choose(page, 'Level', 'Warning');
    await expect.poll(shownPatterns).toEqual([SLOW]);
    expect(new URL(page.url()).searchParams.get('level')).toBe('WARN');
    await choose(page, 'Level', 'Error');
    await expect.poll(shownPatterns).toEqual([REFUSED]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await shownPatterns()).length).toBe(2);
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('textbox', { name: 'Search patterns' }).fill('mysql');
    await expect.poll(shownPatterns).toEqual([REFUSED]);
    expect(new URL(page.url()).searchParams.get('search')).toBe('mysql');
    await page.reload();
    await expect.poll(shownPatterns).toEqual([REFUSED]);
    await expect.poll(() => page.getByRole('textbox', { name: 'Search patterns' }).inputValue()).toBe('mysql');
    await page.getByRole('textbox', { name: 'Search patterns' }).fill('no such problem');
    await page.getByText('No pattern matches these filters.').waitFor();
    await page.getByRole('textbox', { name: 'Search patterns' }).fill('mysql');
    await expect.poll(shownPatterns).toEqual([REFUSED]);

    // A click on the pattern lists exactly the agents that reported it, named by a chip that can be removed.
    await table.getByRole('link', { name: REFUSED, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Telegraf Agents' }).waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ errorPattern: refused.id });
    const agents = page.getByRole('table', { name: 'Agents' });
    const names = () => agents.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    await expect.poll(async () => (await names()).sort()).toEqual(['db-01', 'db-02']);
    const chips = page.getByRole('list', { name: 'Active filters' });
    await chips.getByText(`Error pattern: ${REFUSED}`, { exact: true }).waitFor();
    const summary = page.getByRole('region', { name: 'Fleet summary' });
    await expect.poll(() => summary.getByTestId('total-agents').innerText()).toBe('2');
    await screenshot(page, 'agents-filtered-by-error-pattern');
    await page.getByRole('button', { name: `Remove filter Error pattern: ${REFUSED}` }).click();
    await expect.poll(async () => (await names()).length).toBe(4);
    expect(new URL(page.url()).searchParams.has('errorPattern')).toBe(false);

    // Its agent count leads there too.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Error Patterns' }).waitFor();
    await expect.poll(shownPatterns).toEqual([REFUSED]);
    await table.getByRole('link', { name: 'List the 2 agents that reported it' }).click();
    await expect.poll(async () => (await names()).sort()).toEqual(['db-01', 'db-02']);
    await chips.getByText(`Error pattern: ${REFUSED}`, { exact: true }).waitFor();

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('the list reads 50 patterns at a time, and Load more reads the next page', async () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    // Letters, not numbers, tell these apart: numbers are masked, so those messages would be one pattern.
    const queues = Array.from({ length: 51 }, (_, index) => `${letters[index % 26]}${letters[Math.floor(index / 26)]}`);
    await sendHeartbeats([
      {
        id: 'noisy-01',
        hostname: 'noisy-01',
        status: 'WARN',
        logs: queues.flatMap((queue) => logOf('WARN', 'outputs.kafka', `retry budget spent for queue ${queue}`)),
      },
    ]);
    const listed = () => asOwner<ErrorPatternList>('GET', '/api/error-patterns?search=retry%20budget');
    await expect.poll(async () => (await listed()).total, { timeout: 10_000 }).toBe(51);
    const { total } = await asOwner<ErrorPatternList>('GET', '/api/error-patterns');

    const { page, errors } = await openSignedIn('/error-patterns');
    const rows = page.getByRole('table', { name: 'Error patterns' }).locator('tbody tr');
    await page.getByText(`Showing 50 of ${total}`).waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText(`Showing ${total} of ${total}`).waitFor();
    expect(await rows.count()).toBe(total);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
