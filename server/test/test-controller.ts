import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { startController } from '../src/controller.js';
import type { DatabaseTarget, Options } from '../src/options.js';
import { releaseAfterTest, silentLogger, testOptions } from './harness.js';

/**
 * The whole controller in this process, as `main` starts it (listeners on free ports, owner and bootstrap token),
 * on `database`; stopped after the test. For tests of what happens between it and its database.
 */
export async function startTestController(
  database: DatabaseTarget,
  overrides: Partial<Options> = {},
  logger: Logger = silentLogger,
) {
  const token = overrides.ownerToken ?? `tc-apiv1_${randomBytes(32).toString('hex')}`;
  const controller = await startController(
    testOptions({
      database,
      ownerUsername: 'test-owner',
      ownerEmail: 'owner@example.com',
      ownerPassword: 'test-owner-password',
      ownerToken: token,
      ...overrides,
    }),
    logger,
    { webRoot: '/nonexistent' },
  );
  releaseAfterTest(() => controller.close());
  const port = (listener: 'api' | 'heartbeat') => (controller.listeners[listener].server.address() as AddressInfo).port;
  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`http://127.0.0.1:${port('api')}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const beat = (id: string, metrics = 1, configurations?: string[]) =>
    fetch(`http://127.0.0.1:${port('heartbeat')}/agents/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        version: 'Telegraf 1.39.3',
        schema: 1,
        statistics: { errors: 0, warnings: 0, metrics },
        ...(configurations === undefined ? {} : { configurations }),
      }),
    });
  const heartbeatHealth = async () => (await fetch(`http://127.0.0.1:${port('heartbeat')}/health`)).status;
  const stored = async (id: string) => (await api(`/api/agents/${id}`)).status === 200;
  return { controller, api, beat, stored, heartbeatHealth };
}
