import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Signed JSON POSTs with the retry rules of platform.md §6, for every webhook the controller sends (the audit log's
 * forwarder; subscriptions later): each attempt may take `timeoutMs`; 408, 429, 5xx and network errors are tried
 * again up to `retries` times, after `retryDelayMs` doubling, or after the receiver's `Retry-After`; any other
 * answer is final. Redirects are not followed (a 3xx is final too).
 */

export const SIGNATURE_HEADER = 'x-telegraf-controller-signature';
export const TIMESTAMP_HEADER = 'x-telegraf-controller-timestamp';

/** The longest `Retry-After` honoured as asked; a longer one waits this long. */
const MAX_RETRY_AFTER_MS = 300_000;
/** How much of a receiver's answer is kept for the caller's log. */
const EXCERPT_BYTES = 1024;

export interface WebhookTarget {
  url: string;
  /** Sent verbatim as `Authorization`. */
  authorization?: string | undefined;
  /** Signs each attempt: `sha256=` and the hex HMAC-SHA256 of `"<timestamp>.<body>"`. */
  secret?: string | undefined;
}

export interface WebhookAttempt {
  at: string;
  /** The receiver's status, or null when no answer came (refused, timed out, reset). */
  status: number | null;
  error: string | null;
  /** The start of the receiver's answer, as text. */
  response: string | null;
}

export type WebhookOutcome =
  /** A 2xx answer. */
  | 'delivered'
  /** A final refusal (a 3xx, or a 4xx but 408 and 429): sending it again would not help. */
  | 'rejected'
  /** Every attempt failed in a way that may pass (network, timeout, 408, 429, 5xx). */
  | 'failed';

export interface WebhookResult {
  outcome: WebhookOutcome;
  attempts: WebhookAttempt[];
}

export interface WebhookSenderOptions {
  timeoutMs: number;
  retryDelayMs: number;
  /** Retries after the first attempt. */
  retries?: number;
  userAgent?: string;
}

/** The signature of one attempt: the receiver recomputes it over the timestamp header and the raw body. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/** `Retry-After` as milliseconds: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  const wait = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isFinite(wait) ? Math.min(Math.max(wait, 0), MAX_RETRY_AFTER_MS) : undefined;
}

async function excerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

/**
 * What went wrong, in words that never carry a header's value (fetch puts an invalid one in its message): a
 * timeout, the network's error code, or the error's kind.
 */
const describe = (error: unknown, timedOut: boolean) => {
  if (timedOut) return 'timed out';
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? `request failed (${error.name})` : 'request failed';
};

export function createWebhookSender({ timeoutMs, retryDelayMs, retries = 3, userAgent }: WebhookSenderOptions) {
  const attempt = async (target: WebhookTarget, body: string, signal: AbortSignal | undefined) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: timestamp };
    if (userAgent !== undefined) headers['user-agent'] = userAgent;
    if (target.authorization !== undefined) headers.authorization = target.authorization;
    if (target.secret !== undefined) headers[SIGNATURE_HEADER] = webhookSignature(target.secret, timestamp, body);
    // One controller per attempt, its timer cleared and its listener removed after (AbortSignal.any keeps every
    // signal it made alive on Node 20).
    const attemptSignal = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptSignal.abort();
    }, timeoutMs);
    const stop = () => attemptSignal.abort();
    signal?.addEventListener('abort', stop, { once: true });
    const at = new Date().toISOString();
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: attemptSignal.signal,
      });
      return {
        record: { at, status: response.status, error: null, response: await excerpt(response) },
        retryAfter: retryAfterMs(response.headers.get('retry-after')),
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { record: { at, status: null, error: describe(error, timedOut), response: null }, retryAfter: undefined };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  };

  return {
    /** Sends `body` (JSON text); rejects only when `signal` aborts. */
    async send(target: WebhookTarget, body: string, signal?: AbortSignal): Promise<WebhookResult> {
      const attempts: WebhookAttempt[] = [];
      for (let tried = 0; ; tried++) {
        const { record, retryAfter } = await attempt(target, body, signal);
        attempts.push(record);
        const { status } = record;
        if (status !== null && status >= 200 && status < 300) return { outcome: 'delivered', attempts };
        if (status !== null && !retryable(status)) return { outcome: 'rejected', attempts };
        if (tried >= retries) return { outcome: 'failed', attempts };
        await sleep(retryAfter ?? retryDelayMs * 2 ** tried, undefined, { signal });
      }
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
