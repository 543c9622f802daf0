import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { team, type Caller } from '../../../test/factories.js';

const TOML = '[[inputs.cpu]]\n\n[[outputs.file]]\n  files = ["stdout"]\n';

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const call = (caller: Caller, method: string, url: string, payload?: object) =>
    context.app.inject({ method: method as 'GET', url, headers: caller.headers, ...(payload ? { payload } : {}) });
  const label = async (name: string, extra: object = {}) =>
    (await call(members.manager, 'POST', '/api/labels', { name, ...extra })).json() as { id: string; name: string };
  const config = async (name: string, labels?: string[]) =>
    (await call(members.manager, 'POST', '/api/configs', { name, toml: TOML, ...(labels ? { labels } : {}) })).json()
      .id as string;
  return { ...context, team: members, call, label, config };
}

const names = (app: FastifyInstance, caller: Caller, url: string) =>
  app
    .inject({ method: 'GET', url, headers: caller.headers })
    .then((response) => (response.json().items as Array<{ name: string }>).map((item) => item.name));

describe(`labels on ${engine}`, () => {
  it('are created, listed by name, searched, renamed and deleted', async () => {
    const { app, team, call, label } = await setup();
    const created = await call(team.manager, 'POST', '/api/labels', {
      name: 'Production',
      color: '#3B82F6',
      description: 'live traffic',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Production',
      color: '#3b82f6',
      description: 'live traffic',
      usage: { configs: 0, configGroups: 0, agents: 0 },
    });
    await label('linux');
    await label('Edge', { description: 'production edge' });
    expect(await names(app, team.viewer, '/api/labels')).toEqual(['Edge', 'linux', 'Production']);
    expect(await names(app, team.viewer, '/api/labels?search=PRODUCTION')).toEqual(['Edge', 'Production']);

    const page = (await call(team.viewer, 'GET', '/api/labels?limit=2')).json();
    expect(page.total).toBe(3);
    const rest = (await call(team.viewer, 'GET', `/api/labels?limit=2&cursor=${page.nextCursor}`)).json();
    expect(rest.items.map((item: { name: string }) => item.name)).toEqual(['Production']);
    expect(rest.nextCursor).toBeNull();

    const id = created.json().id as string;
    const renamed = await call(team.manager, 'PATCH', `/api/labels/${id}`, { name: 'prod', color: null });
    expect(renamed.json()).toMatchObject({ name: 'prod', color: null, description: 'live traffic' });
    expect((await call(team.manager, 'DELETE', `/api/labels/${id}`)).statusCode).toBe(204);
    expect((await call(team.viewer, 'GET', `/api/labels/${id}`)).statusCode).toBe(404);
  });

  it('refuses a taken name, a bad colour and viewers who write', async () => {
    const { team, call, label } = await setup();
    const linux = await label('linux');
    const windows = await label('windows');
    const taken = await call(team.manager, 'POST', '/api/labels', { name: 'LINUX' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', errors: [{ pointer: '/name' }] });
    const rename = await call(team.manager, 'PATCH', `/api/labels/${windows.id}`, { name: 'Linux' });
    expect(rename.statusCode).toBe(409);
    expect((await call(team.manager, 'PATCH', `/api/labels/${linux.id}`, { name: 'Linux' })).statusCode).toBe(200);
    const colour = await call(team.manager, 'POST', '/api/labels', { name: 'red', color: 'red' });
    expect(colour.statusCode).toBe(400);
    expect(colour.json().errors[0].pointer).toBe('/color');
    expect((await call(team.viewer, 'POST', '/api/labels', { name: 'mine' })).statusCode).toBe(403);
    expect((await call(team.viewer, 'DELETE', `/api/labels/${linux.id}`)).statusCode).toBe(403);
  });

  it('go on configurations one by one and in bulk, filter the list, and leave with their deletion', async () => {
    const { app, team, call, label, config } = await setup();
    const linux = await label('linux');
    const edge = await label('edge');
    const a = await config('alpha', [linux.id]);
    const b = await config('beta');
    const c = await config('gamma');
    expect((await call(team.viewer, 'GET', `/api/configs/${a}`)).json().labels).toEqual([
      { id: linux.id, name: 'linux', color: null },
    ]);

    expect((await call(team.manager, 'POST', `/api/configs/${b}/labels/${linux.id}`)).statusCode).toBe(204);
    // Assigning twice changes nothing and is not an error.
    expect((await call(team.manager, 'POST', `/api/configs/${b}/labels/${linux.id}`)).statusCode).toBe(204);
    const bulk = await call(team.manager, 'PUT', '/api/configs/bulk/labels/assign', {
      ids: [a, c, 'no-such-config'],
      labelIds: [edge.id],
    });
    expect(bulk.json()).toEqual({ changed: 2, missing: ['no-such-config'] });

    expect(await names(app, team.viewer, `/api/configs?label=${linux.id}`)).toEqual(['alpha', 'beta']);
    expect(await names(app, team.viewer, `/api/configs?label=${linux.id}&label=${edge.id}`)).toEqual(['alpha']);
    const filtered = (await call(team.viewer, 'GET', `/api/configs?label=${edge.id}&limit=1`)).json();
    expect(filtered.total).toBe(2);
    expect((await call(team.viewer, 'GET', `/api/labels/${edge.id}`)).json().usage.configs).toBe(2);

    const removed = await call(team.manager, 'PUT', '/api/configs/bulk/labels/remove', {
      ids: [a, b, c],
      labelIds: [linux.id],
    });
    expect(removed.json()).toEqual({ changed: 2, missing: [] });
    expect((await call(team.manager, 'DELETE', `/api/configs/${c}/labels/${edge.id}`)).statusCode).toBe(204);
    expect(await names(app, team.viewer, `/api/configs?label=${edge.id}`)).toEqual(['alpha']);

    const bulkDelete = await call(team.manager, 'DELETE', '/api/labels', { ids: [edge.id, 'gone'] });
    expect(bulkDelete.json()).toEqual({ deleted: [edge.id], missing: ['gone'] });
    expect((await call(team.viewer, 'GET', `/api/configs/${a}`)).json().labels).toEqual([]);
  });

  it('answer 404 for an unknown configuration or label, 400 for unknown ids in bulk, 403 without write', async () => {
    const { team, call, label, config } = await setup();
    const linux = await label('linux');
    const a = await config('alpha');
    expect((await call(team.manager, 'POST', `/api/configs/nope/labels/${linux.id}`)).statusCode).toBe(404);
    const noLabel = await call(team.manager, 'POST', `/api/configs/${a}/labels/nope`);
    expect(noLabel.statusCode).toBe(404);
    expect(noLabel.json().detail).toBe('No such label');
    const bulk = await call(team.manager, 'PUT', '/api/configs/bulk/labels/assign', {
      ids: [a],
      labelIds: [linux.id, 'nope'],
    });
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().errors[0].pointer).toBe('/labelIds/1');
    const create = await call(team.manager, 'POST', '/api/configs', { name: 'x', toml: TOML, labels: ['nope'] });
    expect(create.json().errors[0].pointer).toBe('/labels/0');
    expect((await call(team.viewer, 'POST', `/api/configs/${a}/labels/${linux.id}`)).statusCode).toBe(403);
  });

  it('go on configuration groups and filter their list', async () => {
    const { app, team, call, label, config } = await setup();
    const linux = await label('linux');
    const member = await config('base');
    const group = async (name: string, labels?: string[]) =>
      (await call(team.manager, 'POST', '/api/config-groups', { name, configIds: [member], labels })).json()
        .id as string;
    const g1 = await group('servers', [linux.id]);
    const g2 = await group('desktops');
    expect((await call(team.manager, 'POST', `/api/config-groups/${g2}/labels/${linux.id}`)).statusCode).toBe(204);
    expect(await names(app, team.viewer, `/api/config-groups?label=${linux.id}`)).toEqual(['desktops', 'servers']);
    await call(team.manager, 'PUT', '/api/config-groups/bulk/labels/remove', { ids: [g1], labelIds: [linux.id] });
    expect(await names(app, team.viewer, `/api/config-groups?label=${linux.id}`)).toEqual(['desktops']);
    expect((await call(team.viewer, 'GET', `/api/labels/${linux.id}`)).json().usage.configGroups).toBe(1);
    expect((await call(team.viewer, 'GET', `/api/config-groups/${g2}`)).json().labels[0].name).toBe('linux');
  });
});
