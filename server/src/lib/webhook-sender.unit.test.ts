import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookSender,
  retryAfterMs,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  webhookSignature,
} from './webhook-sender.js';
import { INTERNAL_ADDRESS, publicAddressLookup } from './destinations.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP receiver on loopback; `answer` sees each request (its raw body) in turn. */
async function receiver(answer: (request: IncomingMessage, body: string, response: ServerResponse, n: number) => void) {
  let n = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(request, Buffer.concat(chunks).toString(), response, n++));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const sender = (overrides: Partial<Parameters<typeof createWebhookSender>[0]> = {}) =>
  createWebhookSender({ timeoutMs: 2_000, retryDelayMs: 5, ...overrides });

describe('webhook sender', () => {
  it('POSTs JSON with the Authorization value and a signature over the timestamp and the body', async () => {
    const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const url = await receiver((request, body, response) => {
      seen.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
    const result = await sender().send({ url, authorization: 'Token abc', secret: 'sixteen-characters' }, '{"a":1}');
    expect(result.outcome).toBe('delivered');
    expect(result.attempts).toMatchObject([{ status: 204, error: null }]);
    const [{ headers, body }] = seen as [(typeof seen)[0]];
    expect(body).toBe('{"a":1}');
    expect(headers).toMatchObject({ authorization: 'Token abc', 'content-type': 'application/json' });
    const timestamp = headers[TIMESTAMP_HEADER] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    expect(headers[SIGNATURE_HEADER]).toBe(webhookSignature('sixteen-characters', timestamp, body));
    expect(webhookSignature('sixteen-characters', timestamp, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('sends no signature without a secret', async () => {
    let signature: unknown = 'unset';
    const url = await receiver((request, _body, response) => {
      signature = request.headers[SIGNATURE_HEADER];
      response.writeHead(200).end();
    });
    expect((await sender().send({ url }, '{}')).outcome).toBe('delivered');
    expect(signature).toBeUndefined();
  });

  it('retries 408, 429 and 5xx up to 3 times, then fails; keeps each answer', async () => {
    const statuses = [503, 408, 429, 200];
    const url = await receiver((_request, _body, response, n) => response.writeHead(statuses[n]!).end(`try ${n}`));
    const delivered = await sender().send({ url }, '{}');
    expect(delivered.outcome).toBe('delivered');
    expect(delivered.attempts.map((attempt) => [attempt.status, attempt.response])).toEqual([
      [503, 'try 0'],
      [408, 'try 1'],
      [429, 'try 2'],
      [200, 'try 3'],
    ]);
    const down = await receiver((_request, _body, response) => response.writeHead(500).end());
    const failed = await sender().send({ url: down }, '{}');
    expect(failed.outcome).toBe('failed');
    expect(failed.attempts).toHaveLength(4);
  });

  it('takes a 4xx or a redirect as final, without following it', async () => {
    let requests = 0;
    const url = await receiver((_request, _body, response, n) => {
      requests++;
      response.writeHead(n === 0 ? 400 : 302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    });
    expect(await sender().send({ url }, '{}')).toMatchObject({ outcome: 'rejected', attempts: [{ status: 400 }] });
    expect(await sender().send({ url }, '{}')).toMatchObject({ outcome: 'rejected', attempts: [{ status: 302 }] });
    expect(requests).toBe(2);
  });

  it('honours Retry-After over its own delay', async () => {
    const url = await receiver((_request, _body, response, n) =>
      n === 0 ? response.writeHead(503, { 'retry-after': '0' }).end() : response.writeHead(200).end(),
    );
    // Its own delay would outlast the test's timeout: the answer's Retry-After: 0 is what lets it finish.
    const result = await sender({ retryDelayMs: 600_000 }).send({ url }, '{}');
    expect(result.outcome).toBe('delivered');
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThan(3_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs('999999')).toBe(300_000);
  });

  it('gives up an attempt after the timeout, and reports a refused connection', async () => {
    const url = await receiver(() => undefined);
    const slow = await sender({ timeoutMs: 100, retries: 1 }).send({ url }, '{}');
    expect(slow).toMatchObject({ outcome: 'failed', attempts: [{ error: 'timed out' }, { error: 'timed out' }] });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await sender({ retries: 0 }).send({ url: `http://127.0.0.1:${port}/` }, '{}');
    expect(refused).toMatchObject({ outcome: 'failed', attempts: [{ status: null, error: 'ECONNREFUSED' }] });
  });

  it('stops waiting when its signal aborts', async () => {
    const url = await receiver((_request, _body, response) => response.writeHead(503).end());
    const stop = new AbortController();
    const sending = sender({ retryDelayMs: 600_000 }).send({ url }, '{}', stop.signal);
    setTimeout(() => stop.abort(), 50);
    await expect(sending).rejects.toThrow();
  });

  it('connects where its lookup says, and not at all when the lookup refuses the address', async () => {
    let requests = 0;
    const url = new URL(
      await receiver((_request, _body, response) => {
        requests++;
        response.writeHead(204).end();
      }),
    );
    // A name no resolver knows reaches the receiver through the lookup alone.
    const toLoopback: LookupFunction = (_host, options, callback) =>
      options.all === true ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
    const named = `http://receiver.invalid:${url.port}/hook`;
    expect((await sender({ lookup: toLoopback }).send({ url: named }, '{}')).outcome).toBe('delivered');
    expect(requests).toBe(1);
    // An unguarded sender reaches localhost, and keeps its connection alive...
    const local = `http://localhost:${url.port}/hook`;
    expect((await sender().send({ url: local }, '{}')).outcome).toBe('delivered');
    expect(requests).toBe(2);
    // ...which a guarded sender never borrows. The guard sees the address connected to: localhost is loopback.
    const guarded = sender({ lookup: publicAddressLookup(), retries: 0 });
    const refused = await guarded.send({ url: local }, '{}');
    expect(refused).toMatchObject({ outcome: 'failed', attempts: [{ status: null, error: INTERNAL_ADDRESS }] });
    expect(requests).toBe(2);
  });
});
