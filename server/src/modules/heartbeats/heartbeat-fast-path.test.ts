import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine, type TestAppSettings } from '../../../test/harness.js';
import { team } from '../../../test/factories.js';

interface Answer {
  status: number;
  /** Every header but Date, which moves with the clock. */
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether Fastify's router saw the request. */
  routed: boolean;
}

/**
 * The heartbeat listener over a real socket: early answers live in front of Fastify's router, which `inject` goes
 * straight to. Fastify's answers, errors included, are counted with an `onSend` hook.
 */
async function setup(options: TestAppSettings['options'] = {}) {
  const counter = { routed: 0 };
  const context = await createTestApp({
    options,
    heartbeatRoutes: (app) => app.addHook('onSend', async () => void (counter.routed += 1)),
  });
  const members = await team(context.app, context.database);
  const token = async (preset: string) =>
    (
      await context.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: members.manager.headers,
        payload: { name: `t-${preset}`, preset },
      })
    ).json().token as string;
  await context.heartbeat.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(context.heartbeat.server.address() as AddressInfo).port}`;
  const post = (body: string, headers: Record<string, string>, path = '/agents/heartbeat') =>
    new Promise<Answer>((resolve, reject) => {
      const before = counter.routed;
      const outgoing = httpRequest(`${origin}${path}`, {
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
      });
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const { date: _date, ...rest } = response.headers;
          resolve({
            status: response.statusCode!,
            headers: rest,
            body: Buffer.concat(chunks).toString('utf8'),
            routed: counter.routed > before,
          });
        });
      });
      outgoing.end(body);
    });
  const agent = async (id: string) =>
    context.app.inject({ method: 'GET', url: `/api/agents/${id}`, headers: members.viewer.headers });
  return { ...context, token, post, agent };
}

const beat = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, version: 'Telegraf 1.37.0', status: 'OK', hostname: `${id}.example`, ...extra });

describe(`heartbeats answered before routing on ${engine}`, () => {
  it('takes a known token’s heartbeats without routing them, and stores them as the route does', async () => {
    const { token, post, agent, services } = await setup();
    const headers = { authorization: `Bearer ${await token('telegraf-agent')}`, 'content-type': 'application/json' };
    // The first use of a token goes through Fastify, which puts it in the token cache.
    const first = await post(beat('routed-1'), headers);
    expect(first).toMatchObject({ status: 202, body: '', routed: true });
    const early = await post(beat('early-1'), { ...headers, 'telegraf-agent-ip': '192.0.2.7' });
    const routed = await post(beat('routed-2'), { ...headers, 'content-type': 'application/json; charset=utf-8' });
    expect(early).toMatchObject({ status: 202, body: '', routed: false });
    expect(routed).toMatchObject({ status: 202, body: '', routed: true });
    expect(early.headers).toEqual(routed.headers);
    const alias = await post(beat('early-2'), headers, '/heartbeat');
    expect(alias).toMatchObject({ status: 202, routed: false });
    await services.heartbeats.flush();
    const stored = (await agent('early-1')).json();
    expect(stored).toMatchObject({ hostname: 'early-1.example', ip: '192.0.2.7', status: 'ok' });
    expect((await agent('early-2')).statusCode).toBe(200);
  });

  it('refuses a body that is not JSON or not a heartbeat in the very words of the route', async () => {
    const { token, post, agent } = await setup();
    const headers = { authorization: `Bearer ${await token('telegraf-agent')}`, 'content-type': 'application/json' };
    await post(beat('warm-up'), headers);
    // The same bodies early, and routed because of a content type the early path leaves to Fastify.
    const routedHeaders = { ...headers, 'content-type': 'application/json; charset=utf-8' };
    for (const body of ['{"id": "x", ', beat('bad', { statistics: { errors: 'many' } }), '[]']) {
      const early = await post(body, headers);
      const routed = await post(body, routedHeaders);
      expect(early.routed).toBe(false);
      expect(routed.routed).toBe(true);
      expect(early.status).toBe(400);
      expect({ ...early, routed: true }).toEqual(routed);
      expect(JSON.parse(early.body).code).toBe('invalid_heartbeat');
    }
    expect((await agent('bad')).statusCode).toBe(404);
  });

  it('answers a full buffer with the route’s 503, and the agent stays untouched', async () => {
    const { token, post, agent, services } = await setup();
    const headers = { authorization: `Bearer ${await token('telegraf-agent')}`, 'content-type': 'application/json' };
    await post(beat('warm-up'), headers);
    // A stopped buffer takes nothing more, as a full one does.
    await services.heartbeats.stop();
    const early = await post(beat('refused'), headers);
    const routed = await post(beat('refused'), { ...headers, 'content-type': 'application/json; charset=utf-8' });
    expect(early).toMatchObject({ status: 503, routed: false });
    expect({ ...early, routed: true }).toEqual(routed);
    expect(JSON.parse(early.body)).toMatchObject({ code: 'not_ready' });
    expect((await agent('refused')).statusCode).toBe(404);
  });

  it('takes anonymous heartbeats early once the heartbeat group is opened', async () => {
    const { post, agent, services } = await setup({ disableAuthEndpoints: ['heartbeat'] });
    const early = await post(beat('open-1'), { 'content-type': 'application/json' });
    expect(early).toMatchObject({ status: 202, body: '', routed: false });
    await services.heartbeats.flush();
    expect((await agent('open-1')).json()).toMatchObject({ hostname: 'open-1.example', status: 'ok' });
  });

  it('leaves to Fastify what it cannot answer alike: unknown tokens, missing permissions, big or odd bodies', async () => {
    const { token, post } = await setup();
    const agentToken = await token('telegraf-agent');
    const reader = await token('read-only');
    const json = { 'content-type': 'application/json' };
    await post(beat('warm-up'), { ...json, authorization: `Bearer ${agentToken}` });
    await post(beat('warm-up'), { ...json, authorization: `Bearer ${reader}` });

    const unknown = await post(beat('a'), { ...json, authorization: `Bearer tc-apiv1_${'0'.repeat(64)}` });
    expect(unknown).toMatchObject({ status: 401, routed: true });
    const forbidden = await post(beat('a'), { ...json, authorization: `Bearer ${reader}` });
    expect(forbidden).toMatchObject({ status: 403, routed: true });
    const anonymous = await post(beat('a'), json);
    expect(anonymous).toMatchObject({ status: 401, routed: true });
    const large = await post(' '.repeat(1024 * 1024 + 1), { ...json, authorization: `Bearer ${agentToken}` });
    expect(large).toMatchObject({ status: 413, routed: true });
    const text = await post(beat('a'), { 'content-type': 'text/plain', authorization: `Bearer ${agentToken}` });
    expect(text).toMatchObject({ status: 415, routed: true });
  });
});
