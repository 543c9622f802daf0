import { createWebhookSender, type WebhookAttempt } from '../../lib/webhook-sender.js';
import type { AuditForwarding } from '../../option-table-audit.js';
import { entryJson, type AuditForwarder, type ForwardResult } from './audit-forwarder.js';

/**
 * One JSON POST per entry (platform.md §6), signed when a secret is set. An answer that names the destination as
 * wrong (a redirect, 401, 403, 404, 405, 410) is an outage like a 5xx: the entry waits, and nothing is lost while
 * the deployer fixes the credentials or the URL. Any other refusal (400, 413, 422, …) is about that entry: it is
 * skipped and logged, so one entry cannot stop the stream.
 */
const DESTINATION_WRONG = new Set([401, 403, 404, 405, 410]);
const destinationWrong = (status: number | null) => status !== null && (status < 400 || DESTINATION_WRONG.has(status));

const describe = (attempt: WebhookAttempt | undefined) =>
  attempt === undefined
    ? 'no attempt'
    : attempt.status === null
      ? (attempt.error ?? 'failed')
      : `HTTP ${attempt.status}`;

export function createWebhookForwarder(settings: NonNullable<AuditForwarding['webhook']>): AuditForwarder {
  const sender = createWebhookSender({
    timeoutMs: settings.timeoutMs,
    retryDelayMs: settings.retryDelayMs,
    userAgent: 'telegraf-controller audit',
  });
  const target = { url: settings.url, authorization: settings.authorization, secret: settings.secret };
  return {
    kind: 'webhook',
    // A webhook's path or query often carries its key: only the origin is shown.
    destination: new URL(settings.url).origin,
    async send(entries, { signal, proceed }) {
      const result: ForwardResult = { sent: 0 };
      for (const entry of entries) {
        if (!proceed()) return result;
        const { outcome, attempts } = await sender.send(target, entryJson(entry), signal);
        const last = attempts[attempts.length - 1];
        if (outcome === 'failed' || (outcome === 'rejected' && destinationWrong(last?.status ?? null))) {
          return { ...result, error: `${describe(last)} after ${attempts.length} attempt(s)` };
        }
        if (outcome === 'rejected') (result.refused ??= []).push({ seq: entry.seq, reason: describe(last) });
        result.sent++;
      }
      return result;
    },
    close: async () => undefined,
  };
}
