import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { createToken, sendHeartbeat, team } from '../../../test/factories.js';

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const token = (await createToken(context.app, members.manager, { name: 'fleet' })).authorization;
  const beat = async (body: Record<string, unknown>, at?: number) => {
    // Through the listener, as Telegraf sends it; `at` back-dates the receive time through the buffer itself.
    if (at === undefined) {
      const response = await sendHeartbeat(context.heartbeat, token, body);
      expect(response.statusCode).toBe(202);
    } else {
      const { parseHeartbeat } = await import('../heartbeats/heartbeat-message.js');
      context.services.heartbeats.accept(parseHeartbeat({ version: 'Telegraf 1.37.0', ...body }), '10.0.0.9', at);
    }
  };
  const get = (url: string, caller = members.viewer) =>
    context.app.inject({ method: 'GET', url, headers: caller.headers }).then((r) => r.json());
  const call = (method: string, url: string, payload?: object, caller = members.manager) =>
    context.app.inject({ method: method as 'POST', url, headers: caller.headers, ...(payload ? { payload } : {}) });
  return { ...context, team: members, beat, get, call, flush: () => context.services.heartbeats.flush() };
}

const ids = (list: { items: Array<{ id: string }> }) => list.items.map((item) => item.id);
const MINUTE = 60_000;

describe(`the agent API on ${engine}`, () => {
  it('filters by status, version, search and label, sorts four ways and pages with a cursor', async () => {
    const { beat, flush, get, call } = await setup();
    const now = Date.now();
    await beat({ id: 'web-1', hostname: 'Web-01', status: 'OK' }, now - 3 * MINUTE);
    await beat({ id: 'web-2', hostname: 'web-02', status: 'WARN', version: 'Telegraf 1.38.0' }, now - 2 * MINUTE);
    await beat({ id: 'db-1', hostname: 'db-01', status: 'FAIL' }, now - MINUTE);
    await beat({ id: 'zz-no-host', status: 'OK' }, now);
    await flush();

    expect(ids(await get('/api/agents'))).toEqual(['zz-no-host', 'db-1', 'web-2', 'web-1']);
    expect(ids(await get('/api/agents?sortBy=lastSeen&sortOrder=asc'))).toEqual([
      'web-1',
      'web-2',
      'db-1',
      'zz-no-host',
    ]);
    expect(ids(await get('/api/agents?sortBy=hostname'))).toEqual(['db-1', 'web-1', 'web-2', 'zz-no-host']);
    expect(ids(await get('/api/agents?sortBy=id&sortOrder=desc'))).toEqual(['zz-no-host', 'web-2', 'web-1', 'db-1']);
    // By status name, then by last report within a status.
    expect(ids(await get('/api/agents?sortBy=status'))).toEqual(['db-1', 'web-1', 'zz-no-host', 'web-2']);
    expect(ids(await get('/api/agents?status=ok'))).toEqual(['zz-no-host', 'web-1']);
    expect(ids(await get('/api/agents?status=ok&status=fail'))).toEqual(['zz-no-host', 'db-1', 'web-1']);
    expect(ids(await get(`/api/agents?version=${encodeURIComponent('Telegraf 1.38.0')}`))).toEqual(['web-2']);
    expect(ids(await get('/api/agents?search=WEB'))).toEqual(['web-2', 'web-1']);
    expect(ids(await get('/api/agents?search=10.0.0'))).toHaveLength(4);
    expect(ids(await get('/api/agents?search=b-'))).toEqual(['db-1', 'web-2', 'web-1']);
    expect(ids(await get('/api/agents?search=no-h'))).toEqual(['zz-no-host']);
    expect(ids(await get(`/api/agents?search=${encodeURIComponent('zz_no%')}`))).toEqual([]);

    const first = await get('/api/agents?sortBy=hostname&limit=3');
    expect(first.total).toBe(4);
    const second = await get(`/api/agents?sortBy=hostname&limit=3&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual(['zz-no-host']);
    expect(second.nextCursor).toBeNull();
    const byStatus = await get('/api/agents?sortBy=status&limit=2');
    expect(ids(await get(`/api/agents?sortBy=status&limit=2&cursor=${byStatus.nextCursor}`))).toEqual([
      'zz-no-host',
      'web-2',
    ]);

    const label = (await call('POST', '/api/labels', { name: 'edge' })).json();
    expect((await call('PUT', `/api/agents/web-1/labels/${label.id}`)).statusCode).toBe(204);
    await call('PUT', '/api/agents/bulk/labels/assign', { ids: ['db-1', 'ghost'], labelIds: [label.id] });
    const labelled = await get(`/api/agents?label=${label.id}`);
    expect(ids(labelled)).toEqual(['db-1', 'web-1']);
    expect(labelled.items[0].labels).toEqual([{ id: label.id, name: 'edge', color: null }]);
    expect(ids(await get(`/api/agents?label=${label.id}&status=fail`))).toEqual(['db-1']);
    expect((await call('DELETE', `/api/agents/web-1/labels/${label.id}`)).statusCode).toBe(204);
    expect((await get(`/api/labels/${label.id}`)).usage.agents).toBe(1);
  });

  it('summarises per status, version and last-reported band under the same filters', async () => {
    const { beat, flush, get } = await setup();
    const now = Date.now();
    await beat({ id: 'a', status: 'OK' }, now);
    await beat({ id: 'b', status: 'OK', version: 'Telegraf 1.38.0' }, now - 10 * MINUTE);
    await beat({ id: 'c', status: 'FAIL' }, now - 2 * 60 * MINUTE);
    await beat({ id: 'd', status: 'WARN' }, now - 30 * 60 * MINUTE);
    await flush();
    const summary = await get('/api/agents/summary');
    expect(summary).toEqual({
      total: 4,
      status: { ok: 2, warn: 1, fail: 1, undefined: 0, not_reporting: 0 },
      telegrafVersion: [
        { version: 'Telegraf 1.37.0', count: 3 },
        { version: 'Telegraf 1.38.0', count: 1 },
      ],
      lastReported: { lt5m: 1, lt30m: 1, lt1h: 0, lt12h: 1, lt24h: 0, older: 1 },
      outdated: 0,
      incompatible: 0,
    });
    expect((await get('/api/agents/summary?status=ok')).total).toBe(2);
  });

  it('deletes agents singly and in bulk, and assigns reporting rules singly and in bulk', async () => {
    const { beat, flush, get, call, team, database } = await setup();
    for (const id of ['a', 'b', 'c']) await beat({ id, configurations: ['/etc/telegraf.conf'] });
    await flush();
    const rule = { id: 'rule-2', description: 'fast', notReportingAfterSeconds: 30, autoDelete: 0 };
    const stamp = new Date().toISOString();
    await database.db
      .insertInto('reportingRules')
      .values({
        ...rule,
        autoDeleteAfterSeconds: null,
        isDefault: 0,
        silentAfterBeats: 3,
        degradingAfterBeats: 3,
        createdAt: stamp,
        updatedAt: stamp,
      })
      .execute();
    const patched = await call('PATCH', '/api/agents/a', { reportingRuleId: 'rule-2' });
    expect(patched.json().reportingRuleId).toBe('rule-2');
    const bad = await call('PATCH', '/api/agents/a', { reportingRuleId: 'nope' });
    expect(bad.json().errors[0].pointer).toBe('/reportingRuleId');
    const bulk = await call('PUT', '/api/agents/bulk/reporting-rule', { ids: ['b', 'x'], reportingRuleId: 'rule-2' });
    expect(bulk.json()).toEqual({ changed: ['b'], missing: ['x'] });
    expect(ids(await get('/api/agents?reportingRule=rule-2'))).toHaveLength(2);
    expect((await call('DELETE', '/api/agents/a', undefined, team.viewer)).statusCode).toBe(403);
    expect((await call('DELETE', '/api/agents/a')).statusCode).toBe(204);
    expect((await call('GET', '/api/agents/a')).statusCode).toBe(404);
    expect((await call('POST', '/api/agents/bulk/delete', { ids: ['b', 'zz'] })).json()).toEqual({
      changed: ['b'],
      missing: ['zz'],
    });
    // A deleted agent comes back with its next heartbeat, config sources included.
    await beat({ id: 'a', configurations: ['/etc/telegraf.conf'] });
    await flush();
    expect((await get('/api/agents/a')).configs).toEqual([
      { kind: 'external', source: '/etc/telegraf.conf', runs: [] },
    ]);
  });

  it('refuses to delete a configuration that reporting agents load, directly or through a group', async () => {
    const { beat, flush, call, get } = await setup();
    const create = async (name: string) =>
      (await call('POST', '/api/configs', { name, toml: '[[inputs.cpu]]\n' })).json().id as string;
    const direct = await create('direct');
    const grouped = await create('grouped');
    const stale = await create('stale');
    const free = await create('free');
    const group = (await call('POST', '/api/config-groups', { name: 'g', configIds: [grouped] })).json().id;
    const url = (path: string) => `http://controller:8888${path}`;
    await beat({
      id: 'live',
      configurations: [url(`/api/configs/${direct}/toml`), url(`/api/config-groups/${group}/toml`)],
    });
    // The default rule allows 180 s of silence: an agent last heard an hour ago does not count.
    await beat({ id: 'silent', configurations: [url(`/api/configs/${stale}/toml`)] }, Date.now() - 60 * MINUTE);
    await flush();
    const refused = await call('DELETE', `/api/configs/${direct}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'config_in_use', usedBy: ['live'] });
    expect((await call('DELETE', `/api/configs/${grouped}`)).json().code).toBe('config_in_use');
    expect((await call('DELETE', `/api/configs/${stale}`)).statusCode).toBe(204);
    const bulk = await call('POST', '/api/configs/bulk/delete', { ids: [direct, free, 'missing-one'] });
    expect(bulk.json()).toEqual({ deleted: [free], missing: ['missing-one'], inUse: [direct] });
    expect((await get(`/api/configs/${direct}`)).id).toBe(direct);
  });

  it('answers each filter alike whether few or many agents match it (SQLite plans the two differently)', async () => {
    const { beat, flush, call, get } = await setup();
    const create = async (name: string) =>
      (await call('POST', '/api/configs', { name, toml: '[[inputs.cpu]]\n' })).json().id as string;
    const [wide, narrow] = [await create('wide'), await create('narrow')];
    const url = (id: string) => `http://controller:8888/api/configs/${id}/toml`;
    // More agents than the 2,000 matches from which SQLite walks agents in order instead of listing matches first.
    const fleet = Array.from({ length: 2400 }, (_, i) => i);
    const idOf = (i: number) => `agent-${String(i).padStart(4, '0')}`;
    const now = Date.now();
    for (const i of fleet) {
      const configurations = i % 80 === 0 ? [url(narrow)] : i % 8 !== 0 ? [url(wide)] : [];
      const hostname = `host-${i % 7 === 0 ? 'edge' : 'core'}-${i}`;
      // Agent 0 is the newest: newest-first order is agent order.
      await beat({ id: idOf(i), hostname, status: 'OK', configurations }, now - i * 1000);
    }
    await flush();
    const label = async (name: string, keep: (i: number) => boolean) => {
      const id = (await call('POST', '/api/labels', { name })).json().id as string;
      const chosen = fleet.filter(keep).map(idOf);
      for (let start = 0; start < chosen.length; start += 500) {
        const response = await call('PUT', '/api/agents/bulk/labels/assign', {
          ids: chosen.slice(start, start + 500),
          labelIds: [id],
        });
        expect(response.statusCode).toBe(200);
      }
      return id;
    };
    const [common, rare] = [await label('common', (i) => i % 8 !== 0), await label('rare', (i) => i % 100 === 0)];
    const cases: [string, (i: number) => boolean][] = [
      [`config=${wide}`, (i) => i % 8 !== 0 && i % 80 !== 0],
      [`config=${narrow}`, (i) => i % 80 === 0],
      [`label=${common}`, (i) => i % 8 !== 0],
      [`label=${rare}`, (i) => i % 100 === 0],
      [`label=${common}&label=${rare}`, (i) => i % 8 !== 0 && i % 100 === 0],
      ['search=core', (i) => i % 7 !== 0],
      ['search=edge', (i) => i % 7 === 0],
      [`search=core&config=${narrow}`, (i) => i % 7 !== 0 && i % 80 === 0],
    ];
    for (const [query, keep] of cases) {
      const expected = fleet.filter(keep).map(idOf);
      const first = await get(`/api/agents?${query}&limit=25`);
      expect({ query, ids: ids(first), total: first.total }).toEqual({
        query,
        ids: expected.slice(0, 25),
        total: expected.length,
      });
      if (expected.length > 25) {
        const second = await get(`/api/agents?${query}&limit=25&cursor=${first.nextCursor}`);
        expect({ query, ids: ids(second) }).toEqual({ query, ids: expected.slice(25, 50) });
      }
    }
  }, 60_000);

  it('recounts at once after people change agents, labels or rules, after new agents and changed statuses', async () => {
    const { beat, flush, call, get } = await setup();
    for (const id of ['a', 'b', 'c']) await beat({ id, status: 'OK' });
    await flush();
    const label = (await call('POST', '/api/labels', { name: 'recount' })).json().id as string;
    const rule = (
      await call('POST', '/api/reporting-rules', { description: 'recount', notReportingAfterSeconds: 600 })
    ).json().id as string;
    const counts = async () => ({
      all: (await get('/api/agents')).total,
      labelled: (await get(`/api/agents?label=${label}`)).total,
      ruled: (await get(`/api/agents/summary?reportingRule=${rule}`)).total,
      failing: (await get('/api/agents/summary')).status.fail,
    });
    // Each read below comes well within the 5 s the counts of a filter are reused for.
    expect(await counts()).toEqual({ all: 3, labelled: 0, ruled: 0, failing: 0 });
    expect((await call('PUT', `/api/agents/a/labels/${label}`)).statusCode).toBe(204);
    expect(
      (await call('PUT', '/api/agents/bulk/reporting-rule', { ids: ['a', 'b'], reportingRuleId: rule })).statusCode,
    ).toBe(200);
    expect(await counts()).toEqual({ all: 3, labelled: 1, ruled: 2, failing: 0 });
    expect((await call('DELETE', '/api/agents/a')).statusCode).toBe(204);
    expect(await counts()).toEqual({ all: 2, labelled: 0, ruled: 1, failing: 0 });
    await beat({ id: 'd', status: 'OK' });
    await beat({ id: 'b', status: 'FAIL' });
    await flush();
    expect(await counts()).toEqual({ all: 3, labelled: 0, ruled: 1, failing: 1 });
    expect((await call('DELETE', `/api/labels/${label}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/reporting-rules/${rule}`)).statusCode).toBe(204);
    expect((await get('/api/agents/summary')).total).toBe(3);
  });
});
