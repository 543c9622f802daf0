import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Options } from '../../options.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { createToken, team, type Caller } from '../../../test/factories.js';

const TOML = `[agent]
  interval = "&{interval:10s}"

[global_tags]
  dc = "&{dc}"
  level = "::{LEVEL}"

[[outputs.heartbeat]]
  url = "http://controller:8000/agents/heartbeat"
  instance_id = "&{agent_id}"
`;
const QUERY = 'agent_id=a1&dc=eu&interval=30s';

interface Answer {
  status: number;
  /** Every header but Date, which moves with the clock. */
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: which connection carried the request. */
  port: number;
}

interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  agent?: Agent;
}

/**
 * The controller over a real socket: early answers live in front of Fastify's router, which `inject` goes straight
 * to. `routed` counts the requests that reached Fastify's routing.
 */
async function setup(options: Partial<Options> = {}) {
  const counter = { routed: 0 };
  const context = await createTestApp({
    options,
    routes: (app) => app.addHook('onRequest', async () => void (counter.routed += 1)),
  });
  const { app } = context;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const members = await team(app, context.database);
  const call = (path: string, init: CallInit = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const { method = 'GET', headers, agent } = init;
      const outgoing = httpRequest(`${origin}${path}`, { method, headers, ...(agent ? { agent } : {}) });
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        // Read now: a kept-alive socket is handed back to its agent once the answer ends.
        const port = response.socket.localPort!;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const { date: _date, ...headers } = response.headers;
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode!, headers, body, port });
        });
      });
      outgoing.end();
    });
  /** The answer, and whether Fastify's router saw the request. */
  const observe = async (path: string, init: CallInit = {}) => {
    const before = counter.routed;
    const answer = await call(path, init);
    return { ...answer, routed: counter.routed > before };
  };
  const api = (method: string, url: string, caller: Caller, payload?: object) =>
    app.inject({ method: method as 'GET', url, headers: caller.headers, ...(payload ? { payload } : {}) });
  return { ...context, members, call, observe, api };
}

async function mint(app: FastifyInstance, caller: Caller, body: object): Promise<{ id: string; header: string }> {
  const token = await createToken(app, caller, body);
  return { id: token.id, header: token.authorization };
}

/** A configuration with an alias, a group of it with an alias, and an agent token; the LEVEL constant defined. */
async function fleet(context: Awaited<ReturnType<typeof setup>>) {
  const { app, members, api } = context;
  const manager = members.manager;
  await api('POST', '/api/constants', manager, { name: 'LEVEL', value: 'debug' });
  const config = (await api('POST', '/api/configs', manager, { name: 'edge', toml: TOML })).json();
  await api('POST', `/api/configs/${config.id}/aliases`, manager, { alias: 'edge-agents' });
  const group = (await api('POST', '/api/config-groups', manager, { name: 'edge-all', configIds: [config.id] })).json();
  await api('POST', `/api/config-groups/${group.id}/aliases`, manager, { alias: 'edge-group' });
  const agent = await mint(app, manager, { name: 'agent', preset: 'telegraf-agent' });
  return { config, group, agent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe(`answering TOML from memory before routing on ${engine}`, () => {
  it('a repeated GET or HEAD is answered before routing with the same status, headers and body', async () => {
    const context = await setup();
    const { config, group, agent } = await fleet(context);
    const paths = [
      `/api/configs/${config.id}/toml?${QUERY}`,
      `/api/configs/edge-agents/toml?${QUERY}`,
      `/c/edge-agents?${QUERY}`,
      `/api/config-groups/${group.id}/toml?${QUERY}`,
      `/api/config-groups/edge-group/toml?${QUERY}`,
      `/c/edge-group?${QUERY}`,
    ];
    const headers = { authorization: agent.header };
    for (const path of paths) {
      expect(await context.observe(path, { headers }), path).toMatchObject({ status: 200, routed: true });
      for (const method of ['GET', 'HEAD']) {
        // A cookie the API does not know takes the request to the routes: the reference answer.
        const routed = await context.observe(path, { method, headers: { ...headers, cookie: 'unrelated=1' } });
        const early = await context.observe(path, { method, headers });
        expect(routed.routed).toBe(true);
        expect(early.routed, `${method} ${path} answered early`).toBe(false);
        expect({ ...early, routed: true }, `${method} ${path}`).toEqual(routed);
      }
    }
    const get = await context.call(paths[0]!, { headers: { authorization: agent.header } });
    expect(get.headers).toMatchObject({
      // Sent by the early path itself, as the request listener sets them for routed answers.
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-type': 'text/x-toml; charset=utf-8',
      'cache-control': 'no-cache',
      'content-length': String(Buffer.byteLength(get.body)),
    });
    expect(get.body).toContain('instance_id = "a1"');
    expect(get.body).toContain('interval = "30s"');
    const head = await context.call(paths[0]!, { method: 'HEAD', headers: { authorization: agent.header } });
    expect(head.headers).toEqual(get.headers);
    expect(head.body).toBe('');
  });

  it('records what it served to whom as the routes do: the agent named by the URL, the token, the address', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const other = await mint(context.app, context.members.manager, { name: 'other', preset: 'telegraf-agent' });
    const path = `/api/configs/${config.id}/toml?${QUERY}`;
    const stored = async () => {
      await context.services.configFetches.flush();
      return context.database.db
        .selectFrom('configFetches')
        .select(['configId', 'fetchKey', 'agentId', 'version', 'tokenId', 'ip', 'fetchedAt', 'checkedAt'])
        .execute();
    };
    expect(await context.observe(path, { headers: { authorization: agent.header } })).toMatchObject({ routed: true });
    const [routed] = await stored();
    expect(routed).toMatchObject({ configId: config.id, fetchKey: 'a1', agentId: 'a1', version: 1, tokenId: agent.id });
    expect(routed!.ip).toBe('127.0.0.1');
    // Another token, first used elsewhere (a token's first request is always routed)…
    await context.call(`/api/configs/${config.id}/toml?agent_id=a2&dc=eu`, {
      headers: { authorization: other.header },
    });
    // …then from memory at the first URL: the same record, now naming that token.
    expect(await context.observe(path, { headers: { authorization: other.header } })).toMatchObject({ routed: false });
    const early = (await stored()).filter((row) => row.fetchKey === 'a1');
    expect(early).toEqual([expect.objectContaining({ agentId: 'a1', tokenId: other.id, ip: '127.0.0.1' })]);
    expect(new Date(early[0]!.fetchedAt).getTime()).toBeGreaterThan(new Date(routed!.fetchedAt).getTime());
    // A HEAD from memory is a poll: it moves the last request, not the load.
    expect(await context.observe(path, { method: 'HEAD', headers: { authorization: other.header } })).toMatchObject({
      routed: false,
    });
    const polled = (await stored()).filter((row) => row.fetchKey === 'a1');
    expect(polled[0]!.fetchedAt).toEqual(early[0]!.fetchedAt);
    expect(new Date(polled[0]!.checkedAt).getTime()).toBeGreaterThan(new Date(early[0]!.checkedAt).getTime());
  });

  it('answers conditional and download requests from memory exactly as the routes do', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const path = `/api/configs/${config.id}/toml?${QUERY}`;
    const first = await context.call(path, { headers: { authorization: agent.header } });
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    const variants: Array<[string, Record<string, string>, number]> = [
      ['If-None-Match', { 'if-none-match': etag }, 304],
      ['If-None-Match list', { 'if-none-match': `"other", ${etag}` }, 304],
      ['If-None-Match *', { 'if-none-match': '*' }, 304],
      ['stale If-None-Match', { 'if-none-match': '"other"', 'if-modified-since': lastModified }, 200],
      ['If-Modified-Since', { 'if-modified-since': lastModified }, 304],
      ['other If-Modified-Since', { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' }, 200],
      ['octet-stream', { accept: 'application/octet-stream' }, 200],
    ];
    for (const [name, headers, status] of variants) {
      for (const method of ['GET', 'HEAD']) {
        // A cookie the API does not know takes the request to the routes: the reference answer.
        const init = { method, headers: { authorization: agent.header, ...headers } };
        const routed = await context.observe(path, { ...init, headers: { ...init.headers, cookie: 'unrelated=1' } });
        const early = await context.observe(path, init);
        expect(routed.routed).toBe(true);
        expect(early.routed, `${method} ${name} answered early`).toBe(false);
        expect(early.status, `${method} ${name}`).toBe(status);
        expect({ ...early, routed: true }, `${method} ${name}`).toEqual(routed);
      }
    }
    const download = await context.call(path, {
      headers: { authorization: agent.header, accept: 'application/octet-stream' },
    });
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="edge.toml"; filename*=UTF-8''edge.toml`,
    );
    expect(download.headers['content-type']).toBe('application/octet-stream');
  });

  it('a revoked token is refused on the next request, even right after an answer from memory', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const path = `/c/edge-agents?${QUERY}`;
    await context.call(path, { headers: { authorization: agent.header } });
    expect((await context.observe(path, { headers: { authorization: agent.header } })).routed).toBe(false);
    await context.api('POST', `/api/tokens/${agent.id}/revoke`, context.members.manager);
    const refused = await context.observe(path, { headers: { authorization: agent.header } });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'token_revoked', detail: 'Invalid token' });
    expect(refused.headers['last-modified']).toBeUndefined();
    expect((await context.call(`/api/configs/${config.id}/toml?${QUERY}`)).status).toBe(401);
  });

  it('tokens taking turns on one kept-alive connection are each judged as themselves', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const manager = context.members.manager;
    const beats = await mint(context.app, manager, { name: 'beats', permissions: ['heartbeat:write'] });
    const path = `/api/configs/${config.id}/toml?${QUERY}`;
    await context.call(path, { headers: { authorization: agent.header } });
    const connection = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const ports = new Set<number>();
      const turns = [agent.header, beats.header, agent.header, 'Bearer nope', agent.header, beats.header];
      for (const [turn, authorization] of turns.entries()) {
        const answer = await context.observe(path, { headers: { authorization }, agent: connection });
        ports.add(answer.port);
        const expected = authorization === agent.header ? 200 : authorization === beats.header ? 403 : 401;
        expect(answer.status, `turn ${turn}`).toBe(expected);
        if (turn > 0 && expected === 200) expect(answer.routed, `turn ${turn} answered early`).toBe(false);
      }
      await context.api('POST', `/api/tokens/${agent.id}/revoke`, manager);
      const revoked = await context.observe(path, { headers: { authorization: agent.header }, agent: connection });
      ports.add(revoked.port);
      expect(revoked.status).toBe(401);
      expect(ports.size).toBe(1);
    } finally {
      connection.destroy();
    }
  });

  it('a token without the route’s read permission gets 403, even for an answer in memory', async () => {
    const context = await setup();
    const { config, group, agent } = await fleet(context);
    const manager = context.members.manager;
    const beats = await mint(context.app, manager, { name: 'beats', permissions: ['heartbeat:write'] });
    const configsOnly = await mint(context.app, manager, { name: 'configs', permissions: ['configs:read'] });
    const configPath = `/api/configs/${config.id}/toml?${QUERY}`;
    const groupPath = `/api/config-groups/${group.id}/toml?${QUERY}`;
    for (const path of [configPath, groupPath, `/c/edge-group?${QUERY}`]) {
      await context.call(path, { headers: { authorization: agent.header } });
    }
    for (let i = 0; i < 2; i += 1) {
      const forbidden = await context.call(configPath, { headers: { authorization: beats.header } });
      expect(forbidden.status).toBe(403);
      expect(JSON.parse(forbidden.body)).toMatchObject({ code: 'forbidden' });
      expect((await context.call(groupPath, { headers: { authorization: configsOnly.header } })).status).toBe(403);
      // /c/{alias} of a group asks for config-groups:read too, from memory as on the route.
      const viaAlias = await context.observe(`/c/edge-group?${QUERY}`, {
        headers: { authorization: configsOnly.header },
      });
      expect(viaAlias.status).toBe(403);
      expect(viaAlias.routed).toBe(true);
    }
    expect((await context.call(configPath, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await context.call(configPath)).status).toBe(401);
  });

  it('a changed configuration, constant or alias changes what is answered at once', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const manager = context.members.manager;
    const path = `/c/edge-agents?${QUERY}`;
    const headers = { authorization: agent.header };
    const before = await context.call(path, { headers });
    await context.api('PATCH', `/api/configs/${config.id}`, manager, { toml: TOML.replace('[agent]', '[agent]\n') });
    const edited = await context.observe(path, { headers });
    expect(edited.routed).toBe(true);
    expect(edited.headers.etag).not.toBe(before.headers.etag);
    expect((await context.observe(path, { headers })).routed).toBe(false);

    await context.api('PATCH', '/api/constants/LEVEL', manager, { value: 'info' });
    const constant = await context.call(path, { headers });
    expect(constant.headers.etag).not.toBe(edited.headers.etag);
    expect(constant.headers['last-modified']).not.toBe(edited.headers['last-modified']);
    expect(constant.body).toContain('level = "info"');

    const other = (
      await context.api('POST', '/api/configs', manager, { name: 'other', toml: TOML.replace('&{dc}', 'fixed') })
    ).json();
    await context.api('POST', '/api/aliases/edge-agents/transfer', manager, {
      targetType: 'config',
      targetId: other.id,
    });
    const moved = await context.call(path, { headers });
    expect(moved.body).toContain('dc = "fixed"');
    expect((await context.observe(path, { headers })).body).toBe(moved.body);
  });

  it('an opened configs group is served without a token, from memory too', async () => {
    const context = await setup({ disableAuthEndpoints: ['configs'] });
    const { config } = await fleet(context);
    const beats = await mint(context.app, context.members.manager, { name: 'beats', permissions: ['heartbeat:write'] });
    const path = `/api/configs/${config.id}/toml?${QUERY}`;
    const routed = await context.observe(path);
    const early = await context.observe(path);
    expect(routed).toMatchObject({ status: 200, routed: true });
    expect(early).toMatchObject({ status: 200, routed: false, body: routed.body });
    // The first use of a token is looked up by the routes; from then on it is known in memory.
    const withToken = { headers: { authorization: beats.header } };
    expect(await context.observe(path, withToken)).toMatchObject({ status: 200, routed: true });
    expect(await context.observe(path, withToken)).toMatchObject({ status: 200, routed: false });
  });

  it('records a token’s use from memory as the authenticator does, at most once a minute', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const path = `/api/configs/${config.id}/toml?${QUERY}`;
    const lastUsedAt = async () =>
      (
        await context.database.db
          .selectFrom('apiTokens')
          .select('lastUsedAt')
          .where('id', '=', agent.id)
          .executeTakeFirstOrThrow()
      ).lastUsedAt;
    await context.call(path, { headers: { authorization: agent.header } });
    await expect.poll(lastUsedAt).not.toBeNull();
    const first = await lastUsedAt();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(first!) + 61_000);
    expect((await context.observe(path, { headers: { authorization: agent.header } })).routed).toBe(false);
    await expect.poll(lastUsedAt).toBe(new Date(Date.parse(first!) + 61_000).toISOString());
    vi.setSystemTime(Date.parse(first!) + 90_000);
    await context.observe(path, { headers: { authorization: agent.header } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await lastUsedAt()).toBe(new Date(Date.parse(first!) + 61_000).toISOString());
  });

  it('odd URLs get the same answer every time, and failures always come from the routes', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const base = `/api/configs/${config.id}/toml`;
    const cases = [
      `${base}?agent_id=a1&dc=eu&dc=us`,
      `${base}?dc=eu&agent_id=a+1`,
      `${base}?agent_id=%E2%9C%93&dc=%2Fwest`,
      `${base}?agent_id=%ZZ&dc=eu`,
      `${base}?agent_id=a1&dc=eu&`,
      `${base}?agent_id=a1&dc=e=u#fragment`,
      `/api/configs/EDGE-AGENTS/toml?${QUERY}`,
      `/api/configs/%65dge-agents/toml?${QUERY}`,
      `/c/edge-agents?${QUERY}&${Array.from({ length: 100 }, (_, i) => `p${i}=1`).join('&')}`,
      `${base}?agent_id=a1`,
      `${base}/?${QUERY}`,
      `/api/configs/no-such-alias/toml?${QUERY}`,
      `/c/edge-agents/more?${QUERY}`,
    ];
    const headers = { authorization: agent.header };
    for (const path of cases) {
      const first = await context.observe(path, { headers });
      expect(first.routed, path).toBe(true);
      for (let i = 0; i < 2; i += 1) {
        const again = await context.observe(path, { headers });
        expect({ ...again, routed: true }, path).toEqual(first);
        expect(again.routed, path).toBe(first.status !== 200);
      }
    }
    expect((await context.call(cases[0]!, { headers })).body).toContain('dc = "eu"');
    expect((await context.call(cases[1]!, { headers })).body).toContain('instance_id = "a 1"');
    expect((await context.call(cases[2]!, { headers })).body).toContain('instance_id = "✓"');
    expect((await context.call(cases[8]!, { headers })).status).toBe(400);
    const missing = await context.call(`${base}?agent_id=a1`, { headers });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'missing_parameters', missing: ['dc'] });
  });
});

describe(`names and parameters in any language, from memory and from the routes, on ${engine}`, () => {
  it('a configuration named in any script is served and downloaded with every Accept, early and routed alike', async () => {
    const context = await setup();
    const { agent } = await fleet(context);
    const manager = context.members.manager;
    const names = ['Prod – EU', '本番 🙂', 'مرحبا e\u0301'];
    for (const name of names) {
      const config = (await context.api('POST', '/api/configs', manager, { name, toml: TOML })).json();
      expect(config.name).toBe(name.normalize('NFC'));
      const path = `/api/configs/${config.id}/toml?${QUERY}`;
      for (const accept of ['application/octet-stream', 'text/plain', '*/*']) {
        const headers = { authorization: agent.header, accept };
        await context.observe(path, { headers });
        // A cookie the API does not know takes the request to the routes: the reference answer.
        const routed = await context.observe(path, { headers: { ...headers, cookie: 'unrelated=1' } });
        const early = await context.observe(path, { headers });
        expect(routed.status, `${name} ${accept}`).toBe(200);
        expect({ ...early, routed: true }).toEqual(routed);
        expect(early.routed).toBe(false);
        if (accept === 'application/octet-stream') {
          expect(early.headers['content-disposition']).toBe(
            `attachment; filename="${name
              .normalize('NFKD')
              .replace(/[\u0300-\u036f]/g, '')
              .replace(
                /[^\x20-\x7e]/gu,
                '_',
              )}.toml"; filename*=UTF-8''${encodeURIComponent(name.normalize('NFC'))}.toml`,
          );
        }
      }
    }
    expect((await context.call('/health/live')).status).toBe(200);
  });

  it('a URL carrying parameters the template does not use is answered, but never remembered', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const headers = { authorization: agent.header };
    const size = context.services.renderCache.size();
    for (let i = 0; i < 3; i += 1) {
      const path = `/api/configs/${config.id}/toml?${QUERY}&unused=${i}`;
      const first = await context.observe(path, { headers });
      const again = await context.observe(path, { headers });
      expect(first.status).toBe(200);
      expect(again.routed, 'still routed').toBe(true);
    }
    // One render (the parameters the template uses are the same each time), and no URL entry.
    expect(context.services.renderCache.size()).toBeGreaterThan(size);
    const once = context.services.renderCache.size();
    await context.observe(`/api/configs/${config.id}/toml?${QUERY}&unused=other`, { headers });
    expect(context.services.renderCache.size()).toBe(once);
  });

  it('a repeated parameter takes its first value', async () => {
    const context = await setup();
    const { config, agent } = await fleet(context);
    const answer = await context.call(`/api/configs/${config.id}/toml?agent_id=first&agent_id=second&dc=eu`, {
      headers: { authorization: agent.header },
    });
    expect(answer.body).toContain('instance_id = "first"');
  });
});
