import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { PluginList } from '@telegraf-controller/contract/plugins';
import { callerWithRole, type Caller } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { CATALOGUE_TELEGRAF_VERSION, PLUGIN_CATALOGUE } from './plugin-catalogue.js';

async function setup() {
  const { app, database } = await createTestApp();
  const viewer = await callerWithRole(app, database, 'viewer');
  const manager = await callerWithRole(app, database, 'manager');
  const list = (url: string, headers: Record<string, string> = viewer.headers) =>
    app.inject({ method: 'GET', url, headers });
  return { app, manager, list };
}

async function mint(app: FastifyInstance, caller: Caller, permissions: string[]): Promise<Record<string, string>> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: caller.headers,
    payload: { name: `token-${permissions.join('-')}`, permissions },
  });
  expect(response.statusCode).toBe(201);
  return { authorization: `Bearer ${response.json().token}` };
}

describe(`the plugin catalogue on ${engine}`, () => {
  it('lists the plugins of a default Telegraf build with their release, operating systems and tags', async () => {
    const { list } = await setup();
    const response = await list('/api/plugins?type=inputs&search=CPU');
    expect(response.statusCode).toBe(200);
    const page = response.json<PluginList>();
    expect(page.telegrafVersion).toBe(CATALOGUE_TELEGRAF_VERSION);
    expect(page.items).toContainEqual({
      type: 'inputs',
      name: 'cpu',
      introduced: '0.1.5',
      deprecated: null,
      removal: null,
      os: ['all'],
      tags: ['system'],
    });
    expect(page.items.every((plugin) => plugin.type === 'inputs' && plugin.name.includes('cpu'))).toBe(true);
    expect(page.total).toBe(page.items.length);
  });

  it('searches tags as well as names, and says which systems a plugin is limited to', async () => {
    const { list } = await setup();
    const page = (await list('/api/plugins?search=containers&limit=500')).json<PluginList>();
    expect(page.items.map(({ type, name }) => `${type}.${name}`)).toContain('inputs.docker');
    const linuxOnly = (await list('/api/plugins?search=inputs.bcache')).json<PluginList>();
    expect(linuxOnly.items).toMatchObject([{ name: 'bcache', os: ['linux'] }]);
  });

  it('pages through the whole catalogue in its order, by type and then name', async () => {
    const { list } = await setup();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page: PluginList = (await list(`/api/plugins?limit=150${query}`)).json();
      expect(page.total).toBe(PLUGIN_CATALOGUE.length);
      seen.push(...page.items.map(({ type, name }) => `${type}.${name}`));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(PLUGIN_CATALOGUE.map(({ type, name }) => `${type}.${name}`));
    expect(seen.indexOf('outputs.file')).toBeGreaterThan(seen.indexOf('inputs.tail'));
  });

  it('refuses an unknown type, a limit past 500 and a cursor it did not issue', async () => {
    const { list } = await setup();
    for (const query of ['type=input', 'limit=501', 'cursor=bm9wZQ', 'colour=red']) {
      const response = await list(`/api/plugins?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code, query).toBe('validation_failed');
    }
  });

  it('needs configs:read, as the configurations do: anonymous callers get 401, a token without it 403', async () => {
    const { app, manager, list } = await setup();
    expect((await list('/api/plugins', {})).statusCode).toBe(401);
    expect((await list('/api/plugins', await mint(app, manager, ['agents:read']))).statusCode).toBe(403);
    expect((await list('/api/plugins', await mint(app, manager, ['configs:read']))).statusCode).toBe(200);
  });

  it('is opened to anyone with the configurations, when configs is in DISABLED_AUTH_ENDPOINTS', async () => {
    const { app } = await createTestApp({ options: { disableAuthEndpoints: ['configs'] } });
    expect((await app.inject({ method: 'GET', url: '/api/plugins?type=outputs&limit=1' })).statusCode).toBe(200);
  });
});
