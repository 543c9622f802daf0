import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, PASSWORD } from '../server/test/factories.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf, signIn } from './owner-session.js';

const OWNER = { username: 'ada-owner', email: 'ada-owner@example.com', password: 'ada-owner-password' };

const CSV_HEADER =
  'seq,at,action,outcome,actor_type,actor_id,actor_name,token_owner_id,ip,user_agent,' +
  'target_type,target_id,target_name,details,prev_hash,hash';

/** Chooses one of the Export menu's items and answers the file the browser saved. */
async function exportAs(page: Page, item: string): Promise<{ name: string; text: string }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download]: [Download, void] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

describe('the audit log in the browser', () => {
  const suite = useBrowserSuite();
  const { ensureOwner, asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('the owner filters to a configuration update, reads its diff, verifies the chain and exports the view', async () => {
    const base = '[agent]\n  interval = "10s"\n\n[[inputs.cpu]]\n  percpu = true\n';
    const { id } = await asOwner<{ id: string }>('POST', '/api/configs', { name: 'audited-agent', toml: base });
    await asOwner('PATCH', `/api/configs/${id}`, { toml: base.replace('10s', '30s') });

    const { page, errors } = await openSignedIn('/audit-log');
    await page.getByRole('heading', { level: 1, name: 'Audit Log' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit Log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit log' });
    const rowOf = (action: string) => table.getByRole('row').filter({ hasText: action });
    await rowOf('user.login').first().waitFor();
    await rowOf('config.create').getByText('audited-agent').waitFor();
    await rowOf('config.update').getByText(OWNER.username).waitFor();
    await page.getByText(/^Showing \d+ of \d+$/).waitFor();
    await screenshot(page, 'audit-log-list');

    await page.getByRole('textbox', { name: 'Action' }).fill('config.update');
    await page.keyboard.press('Escape');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await page.getByText('Showing 1 of 1').waitFor();
    expect(new URL(page.url()).searchParams.get('action')).toBe('config.update');
    // The filters live in the URL: a reload shows the same view.
    await page.reload();
    await page.getByText('Showing 1 of 1').waitFor();
    expect(await page.getByRole('textbox', { name: 'Action' }).inputValue()).toBe('config.update');

    await rowOf('config.update').click();
    const drawer = page.getByRole('dialog', { name: /^Audit entry \d+$/ });
    const diff = drawer.getByTestId('audit-diff');
    await diff.locator('[data-line="removed"]', { hasText: 'interval = "10s"' }).waitFor();
    await diff.locator('[data-line="added"]', { hasText: 'interval = "30s"' }).waitFor();
    await drawer.getByRole('table', { name: 'Entry' }).getByText('audited-agent').waitFor();
    await drawer.getByRole('table', { name: 'Details' }).getByText('Version').waitFor();
    await drawer.getByRole('button', { name: 'Copy hash' }).waitFor();
    await drawer.getByRole('button', { name: 'Copy previous hash' }).waitFor();
    await screenshot(page, 'audit-log-entry');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(/^Chain verified: \d+ entries from seq 1, head seq \d+$/).waitFor();
    await screenshot(page, 'audit-log-verified');

    const jsonLines = await exportAs(page, 'Export JSON Lines');
    expect(jsonLines.name).toMatch(/^audit-log-.+\.jsonl$/);
    const lines = jsonLines.text.trimEnd().split('\n');
    const exported = lines.map((line) => JSON.parse(line) as { action: string; details: { diff?: string } });
    expect(exported.map((entry) => entry.action)).toEqual(['config.update']);
    expect(exported[0]!.details.diff).toContain('+  interval = "30s"');

    const csv = await exportAs(page, 'Export CSV');
    expect(csv.name).toMatch(/^audit-log-.+\.csv$/);
    const [header, ...rows] = csv.text.split('\r\n');
    expect(header).toBe(CSV_HEADER);
    expect(rows.at(-1)).toBe('');
    expect(rows[0]).toMatch(/^\d+,[^,]+,config\.update,success,user,/);

    // The time range is picked in the reader's time zone and sent as UTC.
    await page.getByLabel('From', { exact: true }).fill('2099-01-01T00:00');
    await page.getByText('No entry matches these filters.').waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe(new Date(2099, 0, 1).toISOString());

    expect(errors).toEqual([]);
    await page.close();
  });

  it('a Viewer has no Audit Log in the menu and is refused the page', async () => {
    await ensureOwner();
    const viewer = await createUser(suite.controller.database, 'viewer', { username: 'val-viewer' });
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${suite.url}/audit-log`);
    await signIn(page, viewer.username, PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Audit Log' }).waitFor();
    await page.getByText('Access denied').waitFor();
    await page.getByText('Your role cannot view the audit log.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Agents', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Audit Log' }).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Verify chain' }).count()).toBe(0);
    // The page only mirrors the server, which refuses the log to a Viewer.
    expect(await page.evaluate(() => fetch('/api/audit-logs').then((response) => response.status))).toBe(403);
    await screenshot(page, 'audit-log-viewer');
    await context.close();
  });
});
