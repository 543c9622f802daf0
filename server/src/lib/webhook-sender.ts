import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Signed JSON POSTs with the retry rules of platform.md §6, for every webhook the controller sends (the audit log's
 * forwarder; subscriptions later): each attempt may take `timeoutMs`; 408, 429, 5xx and network errors are tried
 * again up to `retries` times, after `retryDelayMs` doubling, or after the receiver's `Retry-After`; any other
 * answer is final. Redirects are not followed (a 3xx is final too). With a `lookup`, each connection goes to the
 * address that lookup chose (a guard against internal addresses checks what is connected to, not a lookup before).
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
  /** Resolves host names for each connection (by default the system's resolver). */
  lookup?: LookupFunction | undefined;
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

interface Answer {
  status: number;
  retryAfter: string | null;
  excerpt: string;
}

/** A sender's own connections: a kept-alive socket is only ever one its own `lookup` connected. */
interface Connections {
  http: HttpAgent;
  https: HttpsAgent;
  lookup: LookupFunction | undefined;
}

/**
 * One POST over node's HTTP client (so the connection uses `lookup`): the answer's status, its `Retry-After` and the
 * start of its body; rejects on a network error or when `signal` aborts.
 */
function post(
  url: URL,
  headers: OutgoingHttpHeaders,
  body: string,
  signal: AbortSignal,
  connections: Connections,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        signal,
        agent: secure ? connections.https : connections.http,
        lookup: connections.lookup,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: [response.headers['retry-after']].flat()[0] ?? null,
            excerpt: Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8'),
          });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= EXCERPT_BYTES) done();
        });
        // An answer cut short after its status (a reset) counts with what came of it; the timeout fails the attempt.
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * What went wrong, in words that never carry a header's value: a timeout, the network's error code, or the error's
 * kind.
 */
const describe = (error: unknown, timedOut: boolean) => {
  if (timedOut) return 'timed out';
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return error instanceof Error ? `request failed (${error.name})` : 'request failed';
};

export function createWebhookSender({ timeoutMs, retryDelayMs, retries = 3, userAgent, lookup }: WebhookSenderOptions) {
  const connections: Connections = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
    lookup,
  };
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
      const answer = await post(new URL(target.url), headers, body, attemptSignal.signal, connections);
      return {
        record: { at, status: answer.status, error: null, response: answer.excerpt },
        retryAfter: retryAfterMs(answer.retryAfter),
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
