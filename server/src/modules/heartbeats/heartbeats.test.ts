import { describe, expect, it } from 'vitest';
import { engine } from '../../../test/harness.js';
import { expectShownAsSent, openHeartbeatContext } from '../../../test/heartbeat-context.js';
import { HEARTBEAT_SHAPES, heartbeatBody } from '../../../test/heartbeat-fixtures.js';

const setup = openHeartbeatContext;

describe(`heartbeats on ${engine}`, () => {
  it('accepts every shape the plugin sends and shows it on its agent', async () => {
    await expectShownAsSent(
      await setup(),
      HEARTBEAT_SHAPES.map((shape) => ({ name: shape.name, body: heartbeatBody(shape.name, shape) })),
    );
  });

  it('refuses a malformed message with a pointer to the bad field, and leaves the agent untouched', async () => {
    const { send, agent, services } = await setup();
    expect((await send({ id: 'a1', version: 'Telegraf 1.37.0', status: 'OK' })).statusCode).toBe(202);
    await services.heartbeats.flush();
    const bad = await send({ id: 'a1', version: 'Telegraf 1.38.0', status: 'FAIL', statistics: { errors: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'invalid_heartbeat', errors: [{ pointer: '/statistics/errors' }] });
    const extra = await send({ id: 'a1', version: 'v', uptime: 3 });
    expect(extra.json().errors[0]).toEqual({ pointer: '/uptime', message: 'is not a field of schema 1' });
    const notJson = await send('{"id": "a1", ');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('invalid_heartbeat');
    const tooBig = await send({ id: 'a1', version: 'v', hostname: 'x'.repeat(1024 * 1024) });
    expect(tooBig.statusCode).toBe(413);
    await services.heartbeats.flush();
    expect((await agent('a1')).json()).toMatchObject({ version: 'Telegraf 1.37.0', status: 'ok' });
  });

  it('keeps the four documented 401 messages, needs heartbeat:write, and serves /heartbeat too', async () => {
    const { heartbeat, send, tokenWith, services, agent } = await setup();
    const body = JSON.stringify({ id: 'x', version: 'v' });
    const post = (authorization?: string) =>
      heartbeat.inject({
        method: 'POST',
        url: '/agents/heartbeat',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        payload: body,
      });
    expect((await post()).json().detail).toBe('Missing or invalid Authorization header');
    expect((await post('Basic abc')).json().detail).toBe('Missing or invalid Authorization header');
    expect((await post('Bearer nope')).json().detail).toBe('Invalid token format');
    expect((await post(`Bearer tc-apiv1_${'0'.repeat(64)}`)).json().detail).toBe('Invalid token');
    const readOnly = await tokenWith('read-only');
    const forbidden = await post(`Token ${readOnly}`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().detail).toContain('heartbeat:write');
    expect((await send({ id: 'short', version: 'v' }, {}, '/heartbeat')).statusCode).toBe(202);
    await services.heartbeats.flush();
    expect((await agent('short')).statusCode).toBe(200);
    expect((await agent('x')).statusCode).toBe(404);
  });

  it('takes the IP from Telegraf-Agent-IP when it is an address, and links config sources to what they name', async () => {
    const { app, team, send, agent, services } = await setup();
    const config = (
      await app.inject({
        method: 'POST',
        url: '/api/configs',
        headers: team.manager.headers,
        payload: { name: 'base', toml: '[[inputs.cpu]]\n' },
      })
    ).json();
    await app.inject({
      method: 'POST',
      url: `/api/configs/${config.id}/aliases`,
      headers: team.manager.headers,
      payload: { alias: 'base-linux' },
    });
    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers: team.manager.headers,
        payload: { name: 'hosts', configIds: [config.id] },
      })
    ).json();
    const sources = [
      `http://controller:8888/api/configs/${config.id}/toml?agent_id=h1`,
      'https://ctl.example.com/c/base-linux',
      `http://10.0.0.1:8888/api/config-groups/${group.id}/toml`,
      '/etc/telegraf/telegraf.d/outputs.conf',
      'http://controller:8888/api/configs/nosuchthing/toml',
    ];
    await send({ id: 'h1', version: 'v', configurations: sources }, { 'telegraf-agent-ip': '192.0.2.7' });
    await send({ id: 'h2', version: 'v' }, { 'telegraf-agent-ip': 'not an ip' });
    await services.heartbeats.flush();
    const h1 = (await agent('h1')).json();
    // Never fetched here: what it runs is the version linked from its heartbeat (a group's member: not known).
    const run = {
      configId: config.id,
      configName: 'base',
      version: 1,
      latestVersion: 1,
      basis: 'unknown',
      outdated: false,
      fetchedAt: null,
      incompatible: [],
    };
    expect(h1.ip).toBe('192.0.2.7');
    expect(h1.configs).toEqual([
      { kind: 'managed', source: sources[0], configId: config.id, configName: 'base', version: 1, runs: [run] },
      { kind: 'managed', source: sources[1], configId: config.id, configName: 'base', version: 1, runs: [run] },
      { kind: 'managed', source: sources[2], groupId: group.id, groupName: 'hosts', runs: [{ ...run, version: null }] },
      { kind: 'external', source: sources[3], runs: [] },
      { kind: 'external', source: sources[4], runs: [] },
    ]);
    expect((await agent('h2')).json().ip).not.toBe('not an ip');
    const byConfig = await app.inject({
      method: 'GET',
      url: '/api/agents?config=base-linux',
      headers: team.viewer.headers,
    });
    expect(byConfig.json().items.map((a: { id: string }) => a.id)).toEqual(['h1']);
    const byGroup = await app.inject({
      method: 'GET',
      url: `/api/agents?group=${group.id}`,
      headers: team.viewer.headers,
    });
    expect(byGroup.json().total).toBe(1);
    const counted = async (url: string) =>
      (await app.inject({ method: 'GET', url, headers: team.viewer.headers })).json().agentCount as number;
    expect(await counted(`/api/configs/${config.id}`)).toBe(1);
    expect(await counted(`/api/config-groups/${group.id}`)).toBe(1);
  });

  it('returns to the reported status, keeps statistics per heartbeat, and writes what is buffered on stop', async () => {
    const { app, team, send, agent, services, database } = await setup();
    await send({ id: 'h1', version: 'v', status: 'OK', statistics: { errors: 0, warnings: 1, metrics: 10 } });
    await services.heartbeats.flush();
    await database.db.updateTable('agents').set({ status: 'not_reporting' }).where('id', '=', 'h1').execute();
    await send({ id: 'h1', version: 'v', status: 'WARN', statistics: { errors: 2, warnings: 0, metrics: 5 } });
    await services.heartbeats.flush();
    expect((await agent('h1')).json()).toMatchObject({
      status: 'warn',
      reportedStatus: 'warn',
      statistics: { errors: 2, warnings: 0, metrics: 5 },
    });
    const series = await app.inject({
      method: 'GET',
      url: '/api/heartbeat/agent/h1/logs',
      headers: team.viewer.headers,
    });
    expect(series.json().map((point: { errors: number }) => point.errors)).toEqual([0, 2]);
    await send({ id: 'buffered', version: 'v' });
    await services.heartbeats.stop();
    const row = await database.db.selectFrom('agents').select('id').where('id', '=', 'buffered').executeTakeFirst();
    expect(row?.id).toBe('buffered');
  });
});
