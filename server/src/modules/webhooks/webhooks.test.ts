import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Rollout } from '@telegraf-controller/contract/rollouts';
import type { Webhook, WebhookCreated, WebhookDeliveryList } from '@telegraf-controller/contract/webhooks';
import { describe, expect, it } from 'vitest';
import { createConfig, createToken, sendHeartbeat, team, type Caller } from '../../../test/factories.js';
import { createTestApp, engine, releaseAfterTest } from '../../../test/harness.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../lib/webhook-sender.js';
import { runStatusPass } from '../agents/status-scheduler.js';
import { emitStatusPass } from './status-events.js';

interface Received {
  event: string;
  data: Record<string, unknown>;
  signed: boolean;
}

/**
 * A receiver on loopback that checks each delivery's signature with `secret()` and answers `status()` (503 while
 * it is "down").
 */
async function receiver(secret: () => string) {
  const received: Received[] = [];
  let status = 200;
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers[TIMESTAMP_HEADER]);
      const signed = request.headers[SIGNATURE_HEADER] === webhookSignature(secret(), timestamp, body);
      if (status < 300) {
        const { event, data } = JSON.parse(body) as { event: string; data: Record<string, unknown> };
        received.push({ event, data, signed });
      }
      response.writeHead(status).end(status < 300 ? 'thanks' : 'down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  releaseAfterTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    answer: (next: number) => {
      status = next;
    },
  };
}

async function setup(allowPrivate: boolean) {
  const context = await createTestApp({ options: { webhookAllowPrivate: allowPrivate, webhookRetryDelayMs: 10 } });
  const members = await team(context.app, context.database);
  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    context.app.inject({
      method,
      url,
      headers: caller.headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return { ...context, members, call };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`webhooks on ${engine}`, () => {
  it('refuses destinations on loopback, link-local and private addresses unless allowed, and is for settings holders', async () => {
    const { members, call } = await setup(false);
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'ftp://example.com/',
    ]) {
      const answer = await call(members.owner, 'POST', '/api/webhooks', {
        name: 'inside',
        url,
        events: ['agent.status'],
      });
      expect(answer.statusCode, url).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/url' }] });
    }
    const public_ = await call(members.owner, 'POST', '/api/webhooks', {
      name: 'outside',
      url: 'https://93.184.216.34/hook',
      events: ['rollout.reverted'],
    });
    expect(public_.statusCode).toBe(201);
    expect((public_.json() as WebhookCreated).secret).toMatch(/^whsec_/);
    // The secret is shown once: never in a read.
    const listed = await call(members.owner, 'GET', '/api/webhooks');
    expect(JSON.stringify(listed.json())).not.toContain((public_.json() as WebhookCreated).secret);
    expect(
      (
        await call(members.manager, 'POST', '/api/webhooks', {
          name: 'x',
          url: 'https://93.184.216.34/',
          events: ['agent.status'],
        })
      ).statusCode,
    ).toBe(403);
    const moved = await call(members.owner, 'PATCH', `/api/webhooks/${(public_.json() as Webhook).id}`, {
      url: 'http://10.0.0.8/hook',
    });
    expect(moved.statusCode).toBe(400);
  });

  it('sends rollout events, status passes and expiring tokens signed, logs each delivery, and retries while the receiver is down', async () => {
    const { app, heartbeat, database, services, members, call } = await setup(true);
    let secret = '';
    const hooks = await receiver(() => secret);
    const created = await call(members.owner, 'POST', '/api/webhooks', {
      name: 'ops',
      url: hooks.url,
      events: ['rollout.advanced', 'rollout.finished', 'rollout.reverted', 'agent.status', 'token.expiring'],
    });
    expect(created.statusCode).toBe(201);
    const webhook = created.json() as WebhookCreated;
    secret = webhook.secret;

    // The test button: sent at once, signed, logged.
    const tested = await call(members.owner, 'POST', `/api/webhooks/${webhook.id}/test`);
    expect(tested.json()).toMatchObject({ event: 'webhook.test', state: 'delivered', lastStatus: 200, attempts: 1 });
    expect(hooks.received).toEqual([expect.objectContaining({ event: 'webhook.test', signed: true })]);

    // A rollout that finishes at its first judgement: its event is queued with it, and sent by the leader's round.
    const agentToken = await createToken(app, members.manager);
    const config = await createConfig(app, members.manager, { toml: '[[inputs.cpu]]\n' });
    await call(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    await call(members.manager, 'PATCH', `/api/configs/${config.id}`, { toml: '[[inputs.mem]]\n' });
    const rollout = (
      await call(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
        version: 2,
        cohorts: [{ agents: ['db-1'], bakeSeconds: 0 }],
      })
    ).json() as Rollout;
    const fetched = await app.inject({
      method: 'GET',
      url: `/api/configs/${config.id}/toml?agent_id=db-1`,
      headers: { authorization: agentToken.authorization },
    });
    expect(fetched.body).toContain('inputs.mem');
    await services.configFetches.flush();
    expect((await sendHeartbeat(heartbeat, agentToken.authorization, { id: 'db-1', status: 'OK' })).statusCode).toBe(
      202,
    );
    await services.heartbeats.flush();

    // The receiver is down: the delivery stays pending, with the answer logged, and is tried again later.
    hooks.answer(503);
    await services.rollouts.advance();
    await services.webhooks.deliver();
    const pending = (
      await call(members.owner, 'GET', `/api/webhooks/${webhook.id}/deliveries`)
    ).json() as WebhookDeliveryList;
    expect(pending.items[0]).toMatchObject({
      event: 'rollout.finished',
      state: 'pending',
      attempts: 1,
      lastStatus: 503,
      lastResponse: 'down for maintenance',
    });
    expect(JSON.parse(pending.items[0]!.payload)).toMatchObject({
      event: 'rollout.finished',
      data: { rollout: rollout.id },
    });
    hooks.answer(200);
    await pause(50);
    await services.webhooks.deliver();
    const delivered = (
      await call(members.owner, 'GET', `/api/webhooks/${webhook.id}/deliveries`)
    ).json() as WebhookDeliveryList;
    expect(delivered.items[0]).toMatchObject({
      event: 'rollout.finished',
      state: 'delivered',
      attempts: 2,
      lastStatus: 200,
    });
    expect(hooks.received.at(-1)).toMatchObject({
      event: 'rollout.finished',
      signed: true,
      data: { configId: config.id, rollout: rollout.id, version: 2 },
    });

    // A status pass: one event with counts (the agent registered).
    const pass = await runStatusPass(database, Date.now());
    expect(pass.ran).toBe(true);
    if (pass.ran) await emitStatusPass(services.webhooks, pass);
    await services.webhooks.deliver();
    expect(hooks.received.at(-1)).toMatchObject({
      event: 'agent.status',
      signed: true,
      data: { registered: { count: 1, agents: ['db-1'] } },
    });

    // A token about to expire: told once, however many rounds run.
    const expiring = await createToken(app, members.manager, {
      expiresAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    await services.webhooks.deliver();
    await services.webhooks.deliver();
    const notices = hooks.received.filter((delivery) => delivery.event === 'token.expiring');
    expect(notices).toEqual([
      expect.objectContaining({
        signed: true,
        data: expect.objectContaining({ token: { id: expiring.id, name: expiring.name } }),
      }),
    ]);
  });

  it('tells of agents newly flagged as a duplicate id or Incompatible once, with counts', async () => {
    const { heartbeat, services, members, call, app } = await setup(true);
    let secret = '';
    const hooks = await receiver(() => secret);
    const created = await call(members.owner, 'POST', '/api/webhooks', {
      name: 'flags',
      url: hooks.url,
      events: ['agent.duplicate', 'agent.incompatible'],
    });
    secret = (created.json() as WebhookCreated).secret;
    const agentToken = await createToken(app, members.manager);
    // An old Telegraf loading a configuration with the heartbeat output, which it does not have.
    const config = await createConfig(app, members.manager, {
      toml: '[[outputs.heartbeat]]\n  url = "http://x:8443/agents/heartbeat"\n  instance_id = "old-1"\n',
    });
    const beat = async (id: string, hostname: string, version = 'Telegraf 1.39.3') => {
      const answer = await sendHeartbeat(heartbeat, agentToken.authorization, {
        id,
        hostname,
        version,
        configurations: [`http://controller.example:8888/api/configs/${config.id}/toml`],
      });
      expect(answer.statusCode).toBe(202);
      await services.heartbeats.flush();
    };
    await beat('old-1', 'legacy', 'Telegraf 1.20.0');
    // One id, two machines taking turns.
    for (const hostname of ['clone-a', 'clone-b', 'clone-a']) await beat('cloned', hostname);
    await services.webhooks.deliver();
    await services.webhooks.deliver();
    const events = hooks.received.map((delivery) => [delivery.event, delivery.data, delivery.signed]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['agent.duplicate', { count: 1, agents: ['cloned'] }, true],
        ['agent.incompatible', { count: 1, agents: ['old-1'] }, true],
      ]),
    );
    expect(hooks.received).toHaveLength(2);
  });
});
