import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { startController } from '../../src/controller.js';
import type { Options } from '../../src/options.js';
import { freshDatabaseTarget, releaseAfterTest, silentLogger, testOptions } from '../harness.js';

const OWNER = { username: 'interop-owner', email: 'interop-owner@example.com', password: 'interop-owner-password' };

export interface InteropController {
  /** `http://127.0.0.1:<port>` (or https) of the API listener, where agents load their configuration. */
  apiUrl: string;
  /** The heartbeat listener's `/agents/heartbeat` URL. */
  heartbeatUrl: string;
  /** A call as the owner that must succeed; answers the JSON body (undefined for 204). */
  asOwner<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Creates a token of the owner (the Telegraf agent preset unless the body says otherwise). */
  token(body?: Record<string, unknown>): Promise<TokenCreated>;
}

/**
 * A real controller, as `telegraf-controller` runs, on this test's engine (a private SQLite file or PostgreSQL
 * database), its owner given by the options; closed after the test.
 */
export async function startInteropController(overrides: Partial<Options> = {}): Promise<InteropController> {
  const options = testOptions({
    database: await freshDatabaseTarget(),
    ownerUsername: OWNER.username,
    ownerEmail: OWNER.email,
    ownerPassword: OWNER.password,
    ...overrides,
  });
  const controller = await startController(options, silentLogger, { webRoot: '/nonexistent' });
  releaseAfterTest(() => controller.close());
  const scheme = options.tls ? 'https' : 'http';
  const port = (listener: 'api' | 'heartbeat') => (controller.listeners[listener].server.address() as AddressInfo).port;
  const apiUrl = `${scheme}://127.0.0.1:${port('api')}`;
  const heartbeatUrl = `${scheme}://127.0.0.1:${port('heartbeat')}/agents/heartbeat`;

  const base = { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' };
  // The owner's calls trust the controller's own certificate when it serves HTTPS, as agents are told to.
  const ca = options.tls?.cert;
  const login = await send(
    'POST',
    `${apiUrl}/api/auth/login`,
    base,
    { username: OWNER.username, password: OWNER.password },
    ca,
  );
  expect(login.status, login.text).toBe(200);
  const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0]!;

  async function asOwner<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = body === undefined ? { 'x-requested-with': 'XMLHttpRequest', cookie } : { ...base, cookie };
    const response = await send(method, `${apiUrl}${path}`, headers, body, ca);
    expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
    return (response.text === '' ? undefined : JSON.parse(response.text)) as T;
  }
  const token = (body: Record<string, unknown> = {}) =>
    asOwner<TokenCreated>('POST', '/api/tokens', {
      name: `agents-${Math.random().toString(36).slice(2)}`,
      preset: 'telegraf-agent',
      ...body,
    });
  return { apiUrl, heartbeatUrl, asOwner, token };
}

/** One HTTP(S) call with Node's own client, trusting `ca` when given. */
function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  ca: Buffer | undefined,
): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method, headers, ...(ca ? { ca } : {}) }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}
