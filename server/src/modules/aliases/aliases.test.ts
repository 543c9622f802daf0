import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { team, type Caller } from '../../../test/factories.js';
import { expectCursorsRefused, forgedCursor, readAllPages } from '../../../test/pages.js';

const TOML = (interval: string) =>
  `[agent]\n  interval = "${interval}"\n\n[[inputs.cpu]]\n\n[[outputs.file]]\n  files = ["stdout"]\n`;

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const create = async (name: string, interval: string) =>
    (
      await context.app.inject({
        method: 'POST',
        url: '/api/configs',
        headers: members.manager.headers,
        payload: { name, toml: TOML(interval) },
      })
    ).json() as { id: string };
  const token = (
    await context.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: members.manager.headers,
      payload: { name: 'agent', preset: 'telegraf-agent' },
    })
  ).json().token as string;
  return { ...context, team: members, create, agent: { authorization: `Bearer ${token}` } };
}

const addAlias = (app: FastifyInstance, caller: Caller, id: string, alias: string, prefix = '/api/configs') =>
  app.inject({ method: 'POST', url: `${prefix}/${id}/aliases`, headers: caller.headers, payload: { alias } });

/** Each agent reports loading these config sources, as Telegraf's heartbeat plugin sends them. */
async function report(
  context: { heartbeat: FastifyInstance; agent: Record<string, string> },
  sources: Record<string, string[]>,
) {
  for (const [id, configurations] of Object.entries(sources)) {
    const response = await context.heartbeat.inject({
      method: 'POST',
      url: '/agents/heartbeat',
      headers: { ...context.agent, 'content-type': 'application/json' },
      payload: JSON.stringify({ id, version: 'Telegraf 1.37.0', configurations }),
    });
    expect(response.statusCode).toBe(202);
  }
}

const aliasAgents = async (app: FastifyInstance, caller: Caller, url: string) =>
  Object.fromEntries(
    (
      (await app.inject({ method: 'GET', url, headers: caller.headers })).json().items as Array<{
        alias: string;
        agents: number;
      }>
    ).map((item) => [item.alias, item.agents]),
  );

describe(`aliases on ${engine}`, () => {
  it('names a configuration at /c/{alias} and wherever an id is accepted', async () => {
    const { app, team, create, agent } = await setup();
    const { id } = await create('web servers', '10s');
    expect((await addAlias(app, team.manager, id, 'web-servers')).statusCode).toBe(201);
    const short = await app.inject({ method: 'GET', url: '/c/web-servers', headers: agent });
    expect(short.statusCode).toBe(200);
    expect(short.body).toContain('interval = "10s"');
    const long = await app.inject({ method: 'GET', url: '/api/configs/web-servers/toml', headers: agent });
    expect(long.headers.etag).toBe(short.headers.etag);
    const detail = await app.inject({ method: 'GET', url: '/api/configs/web-servers', headers: team.viewer.headers });
    expect(detail.json()).toMatchObject({ id, aliases: ['web-servers'] });
    const command = await app.inject({
      method: 'GET',
      url: '/api/configs/web-servers/command',
      headers: team.viewer.headers,
    });
    expect(command.json().url).toContain(`/api/configs/${id}/toml`);
    const renamed = await app.inject({
      method: 'PATCH',
      url: '/api/configs/web-servers',
      headers: team.manager.headers,
      payload: { description: 'by alias' },
    });
    expect(renamed.json()).toMatchObject({ id, description: 'by alias' });
    const gone = await app.inject({ method: 'DELETE', url: '/api/configs/web-servers', headers: team.manager.headers });
    expect(gone.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: `/api/configs/${id}`, headers: team.viewer.headers })).statusCode,
    ).toBe(404);
  });

  it('is unique across the instance and follows the naming rules', async () => {
    const { app, team, create } = await setup();
    const { id } = await create('one', '10s');
    const other = await create('two', '20s');
    await addAlias(app, team.manager, id, 'shared-name');
    const taken = await addAlias(app, team.manager, other.id, 'shared-name');
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'alias_conflict', holder: { targetType: 'config', targetId: id } });
    for (const bad of ['ab', 'Upper', '-dash', 'dash-', 'a_b']) {
      const response = await addAlias(app, team.manager, id, bad);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().errors[0].pointer).toBe('/alias');
    }
    expect((await addAlias(app, team.manager, id, 'bulk')).json().detail).toMatch(/reserved/);
    expect((await addAlias(app, team.manager, id, '0123456789-0123456789-0123456789-012')).statusCode).toBe(400);
  });

  it('a transfer points the alias URL at another configuration, and its Last-Modified moves', async () => {
    const { app, team, create, agent } = await setup();
    const first = await create('first', '10s');
    const second = await create('second', '30s');
    await addAlias(app, team.manager, first.id, 'moving');
    const before = await app.inject({ method: 'HEAD', url: '/c/moving', headers: agent });
    const moved = await app.inject({
      method: 'POST',
      url: '/api/aliases/moving/transfer',
      headers: team.manager.headers,
      payload: { targetType: 'config', targetId: second.id },
    });
    expect(moved.json()).toMatchObject({ alias: 'moving', targetId: second.id });
    const after = await app.inject({ method: 'GET', url: '/c/moving', headers: agent });
    expect(after.body).toContain('interval = "30s"');
    expect(after.headers['last-modified']).not.toBe(before.headers['last-modified']);
  });

  it('deleting an alias or its configuration stops the alias URL', async () => {
    const { app, database, team, create, agent } = await setup();
    const { id } = await create('short lived', '10s');
    await addAlias(app, team.manager, id, 'gone-soon');
    await addAlias(app, team.manager, id, 'gone-later');
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/configs/${id}/aliases/gone-soon`,
      headers: team.manager.headers,
    });
    expect(removed.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/c/gone-soon', headers: agent })).statusCode).toBe(404);
    await app.inject({ method: 'DELETE', url: `/api/configs/${id}`, headers: team.manager.headers });
    expect((await app.inject({ method: 'GET', url: '/c/gone-later', headers: agent })).statusCode).toBe(404);
    expect(await database.db.selectFrom('aliases').selectAll().execute()).toEqual([]);
  });

  it('lists a configuration’s or a group’s aliases by name, a page at a time, with the total', async () => {
    const { app, team, create } = await setup();
    const { id } = await create('many names', '10s');
    const other = await create('other names', '20s');
    for (const alias of ['zulu', 'alpha', 'mike', 'bravo', 'x-ray']) await addAlias(app, team.manager, id, alias);
    await addAlias(app, team.manager, other.id, 'not-mine');
    const url = `/api/configs/${id}/aliases`;
    const paged = await readAllPages<{ alias: string; targetId: string }>(app, team.viewer.headers, url, 2);
    expect(paged).toMatchObject({ pages: 3, total: 5 });
    expect(paged.items.map((item) => item.alias)).toEqual(['alpha', 'bravo', 'mike', 'x-ray', 'zulu']);
    expect(paged.items.every((item) => item.targetId === id)).toBe(true);
    await expectCursorsRefused(app, team.viewer.headers, url, ['x', forgedCursor([7]), forgedCursor(['a', 'b'])]);

    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers: team.manager.headers,
        payload: { name: 'grouped', configIds: [id] },
      })
    ).json() as { id: string };
    for (const alias of ['group-c', 'group-a', 'group-b']) {
      expect((await addAlias(app, team.manager, group.id, alias, '/api/config-groups')).statusCode).toBe(201);
    }
    const groupUrl = `/api/config-groups/${group.id}/aliases`;
    const groupPages = await readAllPages<{ alias: string }>(app, team.viewer.headers, groupUrl, 2);
    expect(groupPages).toMatchObject({ pages: 2, total: 3 });
    expect(groupPages.items.map((item) => item.alias)).toEqual(['group-a', 'group-b', 'group-c']);
    await expectCursorsRefused(app, team.viewer.headers, groupUrl);
  });

  it('counts the distinct agents that load the target through each alias, as heartbeats link sources', async () => {
    const context = await setup();
    const { app, team, create, services } = context;
    const { id } = await create('aliased', '10s');
    for (const alias of ['web-a', 'web-b', 'web-c']) await addAlias(app, team.manager, id, alias);
    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers: team.manager.headers,
        payload: { name: 'hosts', configIds: [id] },
      })
    ).json() as { id: string };
    await addAlias(app, team.manager, group.id, 'all-hosts', '/api/config-groups');
    await report(context, {
      // Both of h1's sources name web-a: one agent.
      h1: ['http://ctl:8888/c/web-a?agent_id=h1', 'http://ctl:8888/api/configs/web-a/toml'],
      h2: ['https://elsewhere.example/api/configs/WEB-A/toml?agent_id=h2'],
      h3: [`http://ctl:8888/api/configs/${id}/toml`],
      // A configuration's alias in a group's URL names nothing; a file path is no URL.
      h4: ['http://ctl:8888/api/config-groups/web-a/toml', '/etc/telegraf/c/web-a'],
      h5: ['http://ctl:8888/c/web-b'],
      h6: ['http://ctl:8888/c/%77eb-b'],
      h7: ['http://ctl:8888/c/all-hosts', 'http://ctl:8888/api/configs/all-hosts/toml'],
      h8: [`http://ctl:8888/api/config-groups/all-hosts/toml?agent_id=h8`],
    });
    await services.heartbeats.flush();

    const configUrl = `/api/configs/${id}/aliases`;
    expect(await aliasAgents(app, team.viewer, configUrl)).toEqual({ 'web-a': 2, 'web-b': 2, 'web-c': 0 });
    expect(await aliasAgents(app, team.viewer, `/api/config-groups/${group.id}/aliases`)).toEqual({ 'all-hosts': 2 });

    // Moved elsewhere, the alias counts for its new target: those agents now load that one through it.
    const other = await create('next home', '30s');
    const moved = await app.inject({
      method: 'POST',
      url: '/api/aliases/web-b/transfer',
      headers: team.manager.headers,
      payload: { targetType: 'config', targetId: other.id },
    });
    expect(moved.json()).toMatchObject({ alias: 'web-b', targetId: other.id, agents: 2 });
    expect(await aliasAgents(app, team.viewer, configUrl)).toEqual({ 'web-a': 2, 'web-c': 0 });
    expect((await addAlias(app, team.manager, id, 'web-d')).json()).toMatchObject({ alias: 'web-d', agents: 0 });
  });

  it('a Viewer sees aliases but cannot add them', async () => {
    const { app, team, create } = await setup();
    const { id } = await create('viewed', '10s');
    expect((await addAlias(app, team.viewer, id, 'viewer-try')).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: `/api/configs/${id}/aliases`, headers: team.viewer.headers })).statusCode,
    ).toBe(200);
  });
});
