import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { createToken, team, type Caller } from '../../../test/factories.js';

async function setup() {
  const context = await createTestApp();
  return { ...context, team: await team(context.app, context.database) };
}

const AGENT_TOML = `[agent]
  interval = "10s"

[[inputs.cpu]]
  percpu = true

[[outputs.file]]
  files = ["stdout"]

[[outputs.heartbeat]]
  url = "http://controller:8000/agents/heartbeat"
  instance_id = "&{agent_id}"
  token = "\${TELEGRAF_CONTROLLER_TOKEN}"
`;

async function createConfig(app: FastifyInstance, caller: Caller, body: object) {
  return app.inject({ method: 'POST', url: '/api/configs', headers: caller.headers, payload: body });
}

async function tokenFor(app: FastifyInstance, caller: Caller): Promise<Record<string, string>> {
  return { authorization: (await createToken(app, caller)).authorization };
}

describe(`storing configurations on ${engine}`, () => {
  it('creates version 1 and starts from the heartbeat template when no TOML is given', async () => {
    const { app, team } = await setup();
    const created = await createConfig(app, team.manager, { name: 'starter' });
    expect(created.statusCode).toBe(201);
    const config = created.json();
    expect(config).toMatchObject({ name: 'starter', version: 1, updatedBy: team.manager.user.username });
    expect(config.toml).toContain('[[outputs.heartbeat]]');
    expect(config.toml).toContain('instance_id = "&{agent_id}"');
    expect(config.toml).toContain('token = "${TELEGRAF_CONTROLLER_TOKEN}"');
    expect(config.toml).toMatch(/url = "http:\/\/localhost:\d+\/agents\/heartbeat"/);
    const versions = await app.inject({
      method: 'GET',
      url: `/api/configs/${config.id}/versions`,
      headers: team.manager.headers,
    });
    expect(versions.json().items).toEqual([
      expect.objectContaining({ version: 1, note: 'Initial version', current: true }),
    ]);
  });

  it('serves the template a new configuration starts from, with the public heartbeat URL of the settings', async () => {
    const { app, team } = await setup();
    const before = await app.inject({ method: 'GET', url: '/api/config-template', headers: team.viewer.headers });
    expect(before.json().toml).toMatch(/url = "http:\/\/localhost:\d+\/agents\/heartbeat"/);
    await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: team.administrator.headers,
      payload: { publicHeartbeatUrl: 'https://hb.example.com' },
    });
    const after = await app.inject({ method: 'GET', url: '/api/config-template', headers: team.viewer.headers });
    expect(after.json().toml).toContain('url = "https://hb.example.com/agents/heartbeat"');
    expect(after.json().toml).toContain('instance_id = "&{agent_id}"');
  });

  it('refuses TOML that Telegraf would refuse, with the line and column', async () => {
    const { app, team } = await setup();
    const response = await createConfig(app, team.manager, { name: 'broken', toml: '[agent]\n  a.b = 1\n' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_toml', errors: [{ pointer: '/toml', line: 2 }] });
    const list = await app.inject({ method: 'GET', url: '/api/configs', headers: team.manager.headers });
    expect(list.json().total).toBe(0);
  });

  it('makes a new version only when the TOML changes, with its note', async () => {
    const { app, team } = await setup();
    const { id } = (await createConfig(app, team.manager, { name: 'versioned', toml: AGENT_TOML })).json();
    const patch = (payload: object) =>
      app.inject({ method: 'PATCH', url: `/api/configs/${id}`, headers: team.manager.headers, payload });
    expect((await patch({ description: 'only metadata' })).json().version).toBe(1);
    expect((await patch({ toml: AGENT_TOML })).json().version).toBe(1);
    const changed = await patch({ toml: AGENT_TOML.replace('10s', '20s'), note: 'slower' });
    expect(changed.json().version).toBe(2);
    const detail = await app.inject({
      method: 'GET',
      url: `/api/configs/${id}/versions/2?compareTo=1`,
      headers: team.manager.headers,
    });
    expect(detail.json()).toMatchObject({ version: 2, note: 'slower', current: true });
    expect(detail.json().diff).toContain('-  interval = "10s"\n+  interval = "20s"');
  });

  it('rolls back as a new version and prunes anything but the current version', async () => {
    const { app, team } = await setup();
    const { id } = (await createConfig(app, team.manager, { name: 'history', toml: AGENT_TOML })).json();
    await app.inject({
      method: 'PATCH',
      url: `/api/configs/${id}`,
      headers: team.manager.headers,
      payload: { toml: AGENT_TOML.replace('10s', '30s') },
    });
    const rolled = await app.inject({
      method: 'POST',
      url: `/api/configs/${id}/versions/1/rollback`,
      headers: team.manager.headers,
    });
    expect(rolled.json()).toMatchObject({ version: 3, toml: AGENT_TOML });
    const pruned = await app.inject({
      method: 'DELETE',
      url: `/api/configs/${id}/versions?before=10`,
      headers: team.manager.headers,
    });
    expect(pruned.json()).toEqual({ pruned: [1, 2] });
    const left = await app.inject({ method: 'GET', url: `/api/configs/${id}/versions`, headers: team.manager.headers });
    expect(left.json().items.map((v: { version: number }) => v.version)).toEqual([3]);
  });

  it('a Viewer reads configurations but cannot write them', async () => {
    const { app, team } = await setup();
    const { id } = (await createConfig(app, team.manager, { name: 'readable', toml: AGENT_TOML })).json();
    expect(
      (await app.inject({ method: 'GET', url: `/api/configs/${id}`, headers: team.viewer.headers })).statusCode,
    ).toBe(200);
    expect((await createConfig(app, team.viewer, { name: 'nope' })).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/configs/${id}`, headers: team.viewer.headers })).statusCode,
    ).toBe(403);
  });
});

describe(`serving TOML to agents on ${engine}`, () => {
  it('fills in parameters from the query and constants, and leaves ${…} and @{…} for Telegraf', async () => {
    const { app, team } = await setup();
    await app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: team.manager.headers,
      payload: { name: 'INFLUX_URL', value: 'http://influx:8086' },
    });
    const toml = `${AGENT_TOML}
[[outputs.influxdb_v2]]
  urls = ["::{INFLUX_URL}"]
  bucket = "&{bucket:metrics}"
  token = "@{vault:influx}"
`;
    const { id } = (await createConfig(app, team.manager, { name: 'rendered', toml })).json();
    const agent = await tokenFor(app, team.manager);
    const response = await app.inject({
      method: 'GET',
      url: `/api/configs/${id}/toml?agent_id=web-01`,
      headers: agent,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/x-toml; charset=utf-8');
    expect(response.body).toContain('instance_id = "web-01"');
    expect(response.body).toContain('urls = ["http://influx:8086"]');
    expect(response.body).toContain('bucket = "metrics"');
    expect(response.body).toContain('token = "${TELEGRAF_CONTROLLER_TOKEN}"');
    expect(response.body).toContain('token = "@{vault:influx}"');
  });

  it('escapes a parameter value for the string it lands in', async () => {
    const { app, team } = await setup();
    const { id } = (await createConfig(app, team.manager, { name: 'escaped', toml: AGENT_TOML })).json();
    const agent = await tokenFor(app, team.manager);
    const response = await app.inject({
      method: 'GET',
      url: `/api/configs/${id}/toml?agent_id=${encodeURIComponent('a"b\\c')}`,
      headers: agent,
    });
    expect(response.body).toContain('instance_id = "a\\"b\\\\c"');
  });

  it('lists every missing parameter and every undefined constant, without Last-Modified', async () => {
    const { app, team } = await setup();
    const toml = `${AGENT_TOML}\n[global_tags]\n  dc = "&{dc}"\n  env = "::{ENVIRONMENT}"\n  team = "::{TEAM}"\n`;
    const { id } = (await createConfig(app, team.manager, { name: 'needy', toml })).json();
    const agent = await tokenFor(app, team.manager);
    const missing = await app.inject({ method: 'GET', url: `/api/configs/${id}/toml`, headers: agent });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'missing_parameters', missing: ['agent_id', 'dc'] });
    expect(missing.headers['last-modified']).toBeUndefined();
    const constants = await app.inject({
      method: 'GET',
      url: `/api/configs/${id}/toml?agent_id=a&dc=b`,
      headers: agent,
    });
    expect(constants.json()).toMatchObject({ code: 'undefined_constants', missing: ['ENVIRONMENT', 'TEAM'] });
    expect(constants.headers['last-modified']).toBeUndefined();
  });

  it('answers HEAD with the same headers as GET, and 304 for a matching ETag or Last-Modified', async () => {
    const { app, team } = await setup();
    const { id } = (await createConfig(app, team.manager, { name: 'watched', toml: AGENT_TOML })).json();
    const agent = await tokenFor(app, team.manager);
    const url = `/api/configs/${id}/toml?agent_id=x`;
    const get = await app.inject({ method: 'GET', url, headers: agent });
    const head = await app.inject({ method: 'HEAD', url, headers: agent });
    expect(head.statusCode).toBe(200);
    for (const header of ['etag', 'last-modified', 'cache-control', 'content-type']) {
      expect(head.headers[header], header).toBe(get.headers[header]);
    }
    expect(get.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(get.headers['cache-control']).toBe('no-cache');
    expect(
      (await app.inject({ method: 'GET', url, headers: { ...agent, 'if-none-match': String(get.headers.etag) } }))
        .statusCode,
    ).toBe(304);
    const since = await app.inject({
      method: 'GET',
      url,
      headers: { ...agent, 'if-modified-since': String(get.headers['last-modified']) },
    });
    expect(since.statusCode).toBe(304);
    const download = await app.inject({
      method: 'GET',
      url,
      headers: { ...agent, accept: 'application/octet-stream' },
    });
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="watched.toml"; filename*=UTF-8''watched.toml`,
    );
    // A rename alone is no new version, but downloads are named after the configuration from then on.
    await app.inject({
      method: 'PATCH',
      url: `/api/configs/${id}`,
      headers: team.manager.headers,
      payload: { name: 'seen' },
    });
    const renamed = await app.inject({ method: 'GET', url, headers: { ...agent, accept: 'application/octet-stream' } });
    expect(renamed.headers['content-disposition']).toBe(`attachment; filename="seen.toml"; filename*=UTF-8''seen.toml`);
  });

  it('moves Last-Modified when, and only when, the rendered TOML changes (a constant edit counts)', async () => {
    const { app, team } = await setup();
    await app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: team.manager.headers,
      payload: { name: 'LEVEL', value: 'info' },
    });
    const toml = `${AGENT_TOML}\n[global_tags]\n  level = "::{LEVEL}"\n`;
    const { id } = (await createConfig(app, team.manager, { name: 'moving', toml })).json();
    const agent = await tokenFor(app, team.manager);
    const lastModified = async () =>
      (await app.inject({ method: 'HEAD', url: `/api/configs/${id}/toml?agent_id=x`, headers: agent })).headers[
        'last-modified'
      ];
    const first = await lastModified();
    await app.inject({ method: 'PATCH', url: `/api/configs/${id}`, headers: team.manager.headers, payload: { toml } });
    await app.inject({
      method: 'PATCH',
      url: `/api/configs/${id}`,
      headers: team.manager.headers,
      payload: { description: 'x' },
    });
    await app.inject({
      method: 'PATCH',
      url: '/api/constants/LEVEL',
      headers: team.manager.headers,
      payload: { value: 'info' },
    });
    expect(await lastModified()).toBe(first);
    await app.inject({
      method: 'PATCH',
      url: '/api/constants/LEVEL',
      headers: team.manager.headers,
      payload: { value: 'debug' },
    });
    const second = await lastModified();
    expect(second).not.toBe(first);
    await app.inject({
      method: 'PATCH',
      url: `/api/configs/${id}`,
      headers: team.manager.headers,
      payload: { toml: toml.replace('10s', '15s') },
    });
    expect(await lastModified()).not.toBe(second);
  });

  it('needs configs:read unless the configs group is opened', async () => {
    const { app, team } = await setup();
    const { id } = (await createConfig(app, team.manager, { name: 'guarded', toml: AGENT_TOML })).json();
    const anonymous = await app.inject({ method: 'GET', url: `/api/configs/${id}/toml?agent_id=x` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['last-modified']).toBeUndefined();
    const open = await createTestApp({ options: { disableAuthEndpoints: ['configs'] } });
    const openTeam = await team_(open);
    const created = (await createConfig(open.app, openTeam, { name: 'open', toml: AGENT_TOML })).json();
    expect(
      (await open.app.inject({ method: 'GET', url: `/api/configs/${created.id}/toml?agent_id=x` })).statusCode,
    ).toBe(200);
  });
});

describe(`constants on ${engine}`, () => {
  it('counts usage and refuses to delete a constant in use, naming the configurations', async () => {
    const { app, team } = await setup();
    await app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: team.manager.headers,
      payload: { name: 'DC', value: 'eu-1' },
    });
    await createConfig(app, team.manager, {
      name: 'user of DC',
      toml: `${AGENT_TOML}\n[global_tags]\n  dc = "::{DC}"\n`,
    });
    const listed = await app.inject({ method: 'GET', url: '/api/constants', headers: team.viewer.headers });
    expect(listed.json().items).toEqual([expect.objectContaining({ name: 'DC', value: 'eu-1', usage: 1 })]);
    const refused = await app.inject({ method: 'DELETE', url: '/api/constants/DC', headers: team.manager.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'constant_in_use', usedBy: [{ name: 'user of DC' }] });
  });

  it('refuses a bad name or a value with quotes or line breaks, naming the field', async () => {
    const { app, team } = await setup();
    const badName = await app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: team.manager.headers,
      payload: { name: '9x', value: 'v' },
    });
    expect(badName.json().errors[0]).toMatchObject({ pointer: '/name' });
    const badValue = await app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: team.manager.headers,
      payload: { name: 'X', value: 'a"b' },
    });
    expect(badValue.json().errors[0]).toEqual({
      pointer: '/value',
      message: 'must be text without double quotes or line breaks (at most 65,536 characters)',
    });
  });
});

async function team_(context: Awaited<ReturnType<typeof createTestApp>>): Promise<Caller> {
  return (await team(context.app, context.database)).manager;
}
