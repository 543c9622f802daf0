import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { team } from '../../../test/factories.js';

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const headers = members.manager.headers;
  const config = async (name: string, toml: string) =>
    (await context.app.inject({ method: 'POST', url: '/api/configs', headers, payload: { name, toml } })).json() as {
      id: string;
    };
  const token = (
    await context.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'agent', preset: 'telegraf-agent' },
    })
  ).json().token as string;
  return { ...context, team: members, headers, config, agent: { authorization: `Bearer ${token}` } };
}

const CORE = '[agent]\n  interval = "&{interval:10s}"\n';
const CPU = '[[inputs.cpu]]\n  percpu = true\n';
const OUT = '[[outputs.heartbeat]]\n  url = "http://c:8000/agents/heartbeat"\n  instance_id = "&{agent_id}"\n';

describe(`configuration groups on ${engine}`, () => {
  it('serves the members as one file, in order, each under a comment naming its source', async () => {
    const { app, headers, config, agent } = await setup();
    const core = await config('Core', CORE);
    const cpu = await config('CPU', CPU);
    const out = await config('Out', OUT);
    const created = await app.inject({
      method: 'POST',
      url: '/api/config-groups',
      headers,
      payload: { name: 'linux hosts', configIds: [core.id, cpu.id, out.id] },
    });
    expect(created.statusCode).toBe(201);
    const group = created.json();
    expect(group.configIds).toEqual([core.id, cpu.id, out.id]);
    const served = await app.inject({
      method: 'GET',
      url: `/api/config-groups/${group.id}/toml?agent_id=h1`,
      headers: agent,
    });
    expect(served.statusCode).toBe(200);
    const body = served.body;
    expect(body.indexOf('# — from: Core')).toBeLessThan(body.indexOf('# — from: CPU'));
    expect(body.indexOf('# — from: CPU')).toBeLessThan(body.indexOf('# — from: Out'));
    expect(body).toContain(`# — from: Core (${core.id}) —`);
    expect(body).toContain('interval = "10s"');
    expect(body).toContain('instance_id = "h1"');
  });

  it('lists the missing parameters of every member at once', async () => {
    const { app, headers, config, agent } = await setup();
    const a = await config('A', '[global_tags]\n  dc = "&{dc}"\n');
    const b = await config('B', OUT);
    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers,
        payload: { name: 'g', configIds: [a.id, b.id] },
      })
    ).json();
    const response = await app.inject({ method: 'GET', url: `/api/config-groups/${group.id}/toml`, headers: agent });
    expect(response.json()).toMatchObject({ code: 'missing_parameters', missing: ['agent_id', 'dc'] });
  });

  it('reordering members or editing a member moves Last-Modified; an alias serves the group at /c/{alias}', async () => {
    const { app, headers, config, agent } = await setup();
    const a = await config('A', CORE);
    const b = await config('B', CPU);
    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers,
        payload: { name: 'g', configIds: [a.id, b.id] },
      })
    ).json();
    const alias = await app.inject({
      method: 'POST',
      url: `/api/config-groups/${group.id}/aliases`,
      headers,
      payload: { alias: 'all-linux' },
    });
    expect(alias.statusCode).toBe(201);
    const head = async () =>
      (await app.inject({ method: 'HEAD', url: '/c/all-linux', headers: agent })).headers['last-modified'];
    const first = await head();
    expect(first).toBeDefined();
    await app.inject({
      method: 'PATCH',
      url: `/api/config-groups/${group.id}`,
      headers,
      payload: { configIds: [b.id, a.id] },
    });
    const second = await head();
    expect(second).not.toBe(first);
    await app.inject({
      method: 'PATCH',
      url: `/api/configs/${b.id}`,
      headers,
      payload: { toml: CPU.replace('true', 'false') },
    });
    expect(await head()).not.toBe(second);
  });

  it('deleting a configuration removes it from its groups; deleting a group keeps its configurations', async () => {
    const { app, headers, config } = await setup();
    const a = await config('A', CORE);
    const b = await config('B', CPU);
    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers,
        payload: { name: 'g', configIds: [a.id, b.id] },
      })
    ).json();
    await app.inject({ method: 'DELETE', url: `/api/configs/${a.id}`, headers });
    expect(
      (await app.inject({ method: 'GET', url: `/api/config-groups/${group.id}`, headers })).json().configIds,
    ).toEqual([b.id]);
    expect((await app.inject({ method: 'DELETE', url: `/api/config-groups/${group.id}`, headers })).statusCode).toBe(
      204,
    );
    expect((await app.inject({ method: 'GET', url: `/api/configs/${b.id}`, headers })).statusCode).toBe(200);
  });

  it('refuses a member that is not a configuration, naming its position, and a Viewer may only read', async () => {
    const { app, team, headers } = await setup();
    const bad = await app.inject({
      method: 'POST',
      url: '/api/config-groups',
      headers,
      payload: { name: 'g', configIds: ['nope'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/configIds/0');
    const viewer = await app.inject({
      method: 'POST',
      url: '/api/config-groups',
      headers: team.viewer.headers,
      payload: { name: 'v' },
    });
    expect(viewer.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: '/api/config-groups', headers: team.viewer.headers })).statusCode,
    ).toBe(200);
  });

  it('lists with search over member names, sort and keyset pages', async () => {
    const { app, headers, config } = await setup();
    const cpu = await config('CPU metrics', CPU);
    const core = await config('Core', CORE);
    for (const [name, members] of [
      ['alpha', [core.id]],
      ['beta', [cpu.id]],
      ['gamma', [core.id, cpu.id]],
    ] as const) {
      await app.inject({ method: 'POST', url: '/api/config-groups', headers, payload: { name, configIds: members } });
    }
    const list = async (query: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/config-groups?${query}`, headers });
      return response.json() as { items: Array<{ name: string }>; nextCursor: string | null; total: number };
    };
    expect((await list('search=cpu')).items.map((g) => g.name)).toEqual(['beta', 'gamma']);
    const first = await list('limit=2&sortBy=name&sortOrder=desc');
    expect(first.items.map((g) => g.name)).toEqual(['gamma', 'beta']);
    expect(first.total).toBe(3);
    const second = await list(`limit=2&sortBy=name&sortOrder=desc&cursor=${first.nextCursor}`);
    expect(second.items.map((g) => g.name)).toEqual(['alpha']);
    expect(second.nextCursor).toBeNull();
  });

  it('previews the merged templates unresolved with validation, and builds the start command', async () => {
    const { app, headers, config } = await setup();
    const core = await config('Core', CORE);
    const out = await config('Out', OUT);
    const group = (
      await app.inject({
        method: 'POST',
        url: '/api/config-groups',
        headers,
        payload: { name: 'hosts', configIds: [out.id, core.id] },
      })
    ).json();
    const preview = await app.inject({ method: 'GET', url: `/api/config-groups/${group.id}/preview`, headers });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.sources.map((s: { name: string }) => s.name)).toEqual(['Out', 'Core']);
    expect(body.toml).toContain('instance_id = "&{agent_id}"');
    expect(body.toml.indexOf('# — from: Out')).toBeLessThan(body.toml.indexOf('# — from: Core'));
    expect(body.validation.valid).toBe(true);
    expect(body.validation.placeholders.parameters.map((p: { name: string }) => p.name)).toEqual([
      'agent_id',
      'interval',
    ]);
    const command = await app.inject({
      method: 'GET',
      url: `/api/config-groups/${group.id}/command?os=linux&agent_id=web-1`,
      headers,
    });
    expect(command.statusCode).toBe(200);
    expect(command.json().url).toMatch(new RegExp(`/api/config-groups/${group.id}/toml\\?agent_id=web-1$`));
    expect(command.json().missing).toEqual([]);
  });
});
