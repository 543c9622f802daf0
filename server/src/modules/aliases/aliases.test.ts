import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { team, type Caller } from '../../../test/factories.js';

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

const addAlias = (app: FastifyInstance, caller: Caller, id: string, alias: string) =>
  app.inject({ method: 'POST', url: `/api/configs/${id}/aliases`, headers: caller.headers, payload: { alias } });

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

  it('a Viewer sees aliases but cannot add them', async () => {
    const { app, team, create } = await setup();
    const { id } = await create('viewed', '10s');
    expect((await addAlias(app, team.viewer, id, 'viewer-try')).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: `/api/configs/${id}/aliases`, headers: team.viewer.headers })).statusCode,
    ).toBe(200);
  });
});
