import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Webhook, WebhookCreated, WebhookList } from '@telegraf-controller/contract/webhooks';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../server/src/lib/webhook-sender.js';
import { screenshot, useBrowserSuite } from './browser.js';
import { ownerOf } from './owner-session.js';

const OWNER = { username: 'hana-owner', email: 'hana-owner@example.com', password: 'hana-owner-password' };

const webhookRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Webhooks' })
    .getByRole('row')
    .filter({ has: page.getByText(name, { exact: true }) });

describe('webhooks on the Settings page, private destinations refused', () => {
  const suite = useBrowserSuite();
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  it('a webhook is created with its events and its secret shown once, a loopback URL is refused at the field, and it is disabled and deleted', async () => {
    const { page, errors } = await openSignedIn('/settings');
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByText('No webhooks yet.').waitFor();
    await section.getByRole('button', { name: 'New Webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Webhook' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('ops-alerts');
    const url = dialog.getByRole('textbox', { name: 'URL' });
    await url.fill('http://127.0.0.1:9/hook');
    await dialog.getByRole('checkbox', { name: 'rollout.reverted', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'agent.status', exact: true }).check();

    // The controller runs without --webhook-allow-private: the server's refusal is shown next to the URL.
    await dialog.getByRole('button', { name: 'Create Webhook' }).click();
    await dialog.getByText('must not point at a loopback, link-local or private address', { exact: false }).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect((await asOwner<WebhookList>('GET', '/api/webhooks')).items).toEqual([]);
    await screenshot(page, 'webhooks-private-refused');

    // A public literal address is accepted without being contacted; the secret is shown this once.
    await url.fill('https://93.184.216.34/hook');
    expect(await url.getAttribute('aria-invalid')).not.toBe('true');
    await dialog.getByRole('button', { name: 'Create Webhook' }).click();
    const shown = page.getByRole('dialog', { name: 'Webhook ops-alerts' });
    await shown.getByText('Copy the signing secret now: it is not shown again').waitFor();
    const secret = await shown.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'Copy secret' }).waitFor();
    await screenshot(page, 'webhooks-secret-shown-once');
    const [created] = (await asOwner<WebhookList>('GET', '/api/webhooks')).items;
    expect(created).toMatchObject({ name: 'ops-alerts', url: 'https://93.184.216.34/hook', enabled: true });
    expect([...created!.events].sort()).toEqual(['agent.status', 'rollout.reverted']);
    expect(created).not.toHaveProperty('secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'hidden' });

    const row = webhookRow(page, 'ops-alerts');
    await row.getByText('https://93.184.216.34/hook', { exact: true }).waitFor();
    await row.getByText('rollout.reverted', { exact: true }).waitFor();
    const enabled = row.getByRole('switch', { name: 'Enabled: ops-alerts' });
    expect(await enabled.isChecked()).toBe(true);
    await enabled.dispatchEvent('click');
    await page.getByText('Webhook disabled').waitFor();
    await expect.poll(() => enabled.isChecked()).toBe(false);
    expect((await asOwner<Webhook>('GET', `/api/webhooks/${created!.id}`)).enabled).toBe(false);

    await row.getByRole('button', { name: 'Actions for ops-alerts' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete webhook ops-alerts' });
    await confirm.getByText('the delivery log is deleted with the subscription', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Confirm & Delete' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await section.getByText('No webhooks yet.').waitFor();
    expect((await asOwner<WebhookList>('GET', '/api/webhooks')).items).toEqual([]);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('webhook delivery log, with private destinations allowed', () => {
  const suite = useBrowserSuite({ webhookAllowPrivate: true });
  const { asOwner, openSignedIn } = ownerOf(suite, OWNER);

  // A receiver on loopback: answers with `answer`, keeps what it was sent.
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let answer = { status: 200, body: 'thanks, received' };
  let receiver: Server;
  let receiverUrl: string;
  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('Send test delivers a signed test event and the log shows its state, status, response and payload', async () => {
    const webhook = await asOwner<WebhookCreated>('POST', '/api/webhooks', {
      name: 'local-receiver',
      url: receiverUrl,
      events: ['rollout.finished'],
    });
    const { page, errors } = await openSignedIn('/settings');
    const row = webhookRow(page, 'local-receiver');
    await row.getByRole('button', { name: 'Actions for local-receiver' }).click();
    await page.getByRole('menuitem', { name: 'Delivery log' }).click();
    const log = page.getByRole('dialog', { name: 'Deliveries of local-receiver' });
    await log.getByText('Nothing has been sent yet.').waitFor();

    await log.getByRole('button', { name: 'Send Test' }).click();
    await log.getByText('Test delivered: HTTP 200', { exact: true }).waitFor();
    expect(received).toHaveLength(1);
    const [sent] = received;
    const timestamp = String(sent!.headers[TIMESTAMP_HEADER]);
    expect(sent!.headers[SIGNATURE_HEADER]).toBe(webhookSignature(webhook.secret, timestamp, sent!.body));
    expect(JSON.parse(sent!.body)).toMatchObject({ event: 'webhook.test', data: { name: 'local-receiver' } });

    const deliveries = log.getByRole('table', { name: 'Deliveries' }).locator('tbody tr');
    await expect.poll(() => deliveries.count()).toBe(1);
    const first = deliveries.nth(0);
    await first.getByText('webhook.test', { exact: true }).waitFor();
    await first.getByText('Delivered', { exact: true }).waitFor();
    await first.getByText('200', { exact: true }).waitFor();
    await first.getByText('thanks, received', { exact: true }).waitFor();
    await first.getByRole('button', { name: /^Payload of webhook\.test/ }).click();
    const payload = log.getByLabel('Payload of webhook.test', { exact: true });
    await payload.getByText('"event": "webhook.test"', { exact: false }).waitFor();
    expect(await payload.textContent()).toContain('"name": "local-receiver"');
    await screenshot(page, 'webhooks-delivery-log');
    await first.getByRole('button', { name: /^Payload of webhook\.test/ }).click();
    await payload.waitFor({ state: 'hidden' });

    // A receiver that answers 410 rejects the delivery: the log names the status and the start of its answer.
    answer = { status: 410, body: 'gone for good' };
    await log.getByRole('button', { name: 'Send Test' }).click();
    await log.getByText('Test rejected: HTTP 410', { exact: true }).waitFor();
    await expect.poll(() => deliveries.count()).toBe(2);
    await log.getByRole('table', { name: 'Deliveries' }).getByText('Rejected', { exact: true }).waitFor();
    await log.getByRole('table', { name: 'Deliveries' }).getByText('gone for good', { exact: true }).waitFor();
    expect(received).toHaveLength(2);

    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
