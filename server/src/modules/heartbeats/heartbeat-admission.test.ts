import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine, type TestAppSettings } from '../../../test/harness.js';
import { createToken, sendHeartbeat, team } from '../../../test/factories.js';

async function setup(options: TestAppSettings['options'] = {}) {
  const context = await createTestApp({ options });
  const members = await team(context.app, context.database);
  const token = async (name: string) => (await createToken(context.app, members.manager, { name })).token;
  const agentToken = await token('fleet');
  const send = (body: unknown, headers: Record<string, string> = {}, bearer = agentToken) =>
    sendHeartbeat(
      context.heartbeat,
      `Bearer ${bearer}`,
      typeof body === 'string' ? body : JSON.stringify(body),
      headers,
    );
  const agent = (id: string) =>
    context.app.inject({
      method: 'GET',
      url: `/api/agents/${encodeURIComponent(id)}`,
      headers: members.viewer.headers,
    });
  const stored = async () =>
    (await context.database.db.selectFrom('agents').select('id').orderBy('id').execute()).map((row) => row.id);
  return { ...context, members, send, agent, stored, token };
}

describe(`heartbeat admission on ${engine}`, () => {
  it('refuses a last no engine can store as a date, and every other agent is still stored', async () => {
    const { send, services, stored, heartbeat } = await setup();
    const poison = await send({ id: 'poison-1', version: '1.39.3', last: 9_000_000_000_000 });
    expect(poison.statusCode).toBe(400);
    expect(poison.json()).toMatchObject({ code: 'invalid_heartbeat', errors: [{ pointer: '/last' }] });
    expect((await send({ id: 'a1', version: '1.39.3', last: 1_764_000_000 })).statusCode).toBe(202);
    await services.heartbeats.flush();
    expect((await send({ id: 'a2', version: '1.39.3' })).statusCode).toBe(202);
    await services.heartbeats.flush();
    expect(await stored()).toEqual(['a1', 'a2']);
    expect((await heartbeat.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('refuses an id or version holding NUL or an unpaired surrogate, naming the field', async () => {
    const { send, services, stored } = await setup();
    for (const [body, pointer] of [
      [{ id: 'nul\u0000id', version: 'v' }, '/id'],
      [{ id: 'half\ud800', version: 'v' }, '/id'],
      [{ id: 'ok', version: 'Telegraf\u0000' }, '/version'],
      [{ id: 'x'.repeat(257), version: 'v' }, '/id'],
    ] as const) {
      const answer = await send(body);
      expect(answer.statusCode, pointer).toBe(400);
      expect(answer.json().errors[0].pointer).toBe(pointer);
    }
    await services.heartbeats.flush();
    expect(await stored()).toEqual([]);
  });

  it('makes what only describes storable and cuts it to size, so one odd log line never locks an agent out', async () => {
    const { send, services, agent, app, members } = await setup();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i += 1) deep = { deeper: deep };
    const answer = await send({
      id: 'odd',
      version: 'Telegraf 1.39.3',
      hostname: `host\u0000\ud800${'h'.repeat(5000)}`,
      configurations: [...Array.from({ length: 1100 }, (_, i) => `/etc/telegraf/${i}.conf`)],
      logs: [
        { time: '2025-10-22T16:02:30Z', level: 'ERROR', source: 'in\u0000puts', message: 'bad\u0000line\udfff' },
        { time: '2025-10-22T16:02:31Z', level: 'WARN', source: 's', message: 'deep', attributes: { deep } },
        {
          time: '2025-10-22T16:02:32Z',
          level: 'INFO',
          source: 's',
          message: 'm',
          attributes: { __proto__: { a: 1 }, 'k\u0000': 'v\u0000' },
        },
      ],
    });
    expect(answer.statusCode).toBe(202);
    await services.heartbeats.flush();
    const shown = (await agent('odd')).json();
    expect(shown.hostname).toHaveLength(1024);
    expect(shown.hostname.startsWith('host\ufffd\ufffdh')).toBe(true);
    expect(shown.configs).toHaveLength(1000);
    const latest = (
      await app.inject({
        method: 'GET',
        url: '/api/heartbeat/agent/odd/latest-heartbeat',
        headers: members.viewer.headers,
      })
    ).json();
    expect(latest.logs.map((log: { message: string }) => log.message)).toEqual(['bad\ufffdline\ufffd', 'deep', 'm']);
    expect(latest.logs[0].source).toBe('in\ufffdputs');
    expect(latest.logs[1]).toMatchObject({ attributesDropped: true });
    expect(latest.logs[1].attributes).toBeUndefined();
    expect(latest.logs[2].attributes['k\ufffd']).toBe('v\ufffd');
    // A key named __proto__ is data, never a prototype: nothing else grows an `a`.
    expect(({} as Record<string, unknown>).a).toBeUndefined();
    expect(latest.logs[2].attributes.a).toBeUndefined();
  });

  it('drops only the row the database refuses, names its agent, and goes on writing the fleet', async () => {
    const { send, services, stored, database, heartbeat } = await setup();
    if (engine === 'sqlite') {
      await sql`create trigger refuse_one before insert on agents when new.id = 'refused'
        begin select raise(abort, 'refused by the test'); end`.execute(database.db);
    } else {
      await sql`create function refuse_one() returns trigger language plpgsql as $$
        begin if new.id = 'refused' then raise exception 'refused by the test'; end if; return new; end $$`.execute(
        database.db,
      );
      await sql`create trigger refuse_one before insert on agents for each row execute function refuse_one()`.execute(
        database.db,
      );
    }
    for (const id of ['a1', 'a2', 'refused', 'a3', 'a4']) {
      expect((await send({ id, version: 'Telegraf 1.39.3' })).statusCode).toBe(202);
    }
    await services.heartbeats.flush();
    expect(await stored()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(services.heartbeats.dropped()).toBe(1);
    expect(services.heartbeats.healthy()).toBe(true);
    expect((await heartbeat.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await send({ id: 'a5', version: 'Telegraf 1.39.3' })).statusCode).toBe(202);
    await services.heartbeats.flush();
    expect(await stored()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('holds one token to its new agents per minute with 429, while known agents always report', async () => {
    const { send, services, stored, token, database } = await setup({ maxNewAgentsPerMinute: 2 });
    expect((await send({ id: 'n1', version: 'v' })).statusCode).toBe(202);
    expect((await send({ id: 'n2', version: 'v' })).statusCode).toBe(202);
    const over = await send({ id: 'n3', version: 'v' });
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send({ id: 'n1', version: 'v2' })).statusCode).toBe(202);
    // Another token has its own count.
    expect((await send({ id: 'n3', version: 'v' }, {}, await token('other'))).statusCode).toBe(202);
    // An agent stored before (by another controller, or before a restart) is not new.
    await services.heartbeats.flush();
    await database.db
      .insertInto('agents')
      .values({
        id: 'known',
        hostname: null,
        ip: null,
        version: 'v',
        status: 'ok',
        registrationRecorded: 1,
        notReportingMarked: 0,
        alternations: 0,
        silentBeats: 0,
        risingErrorBeats: 0,
        reportedStatus: 'ok',
        reportingRuleId: (await database.db.selectFrom('reportingRules').select('id').executeTakeFirstOrThrow()).id,
        firstSeenAt: new Date().toISOString(),
        lastSeenAt: new Date().toISOString(),
        errors: null,
        warnings: null,
        metrics: null,
        nameKey: 'known',
      })
      .execute();
    expect((await send({ id: 'known', version: 'v' })).statusCode).toBe(202);
    await services.heartbeats.flush();
    expect(await stored()).toEqual(['known', 'n1', 'n2', 'n3']);
  });

  it('keeps at most MAX_AGENTS agents: a further new agent gets 429 agent_limit', async () => {
    const { send, services, stored } = await setup({ maxAgents: 2 });
    expect((await send({ id: 'm1', version: 'v' })).statusCode).toBe(202);
    expect((await send({ id: 'm2', version: 'v' })).statusCode).toBe(202);
    const full = await send({ id: 'm3', version: 'v' });
    expect(full.statusCode).toBe(429);
    expect(full.json().code).toBe('agent_limit');
    expect((await send({ id: 'm2', version: 'v' })).statusCode).toBe(202);
    await services.heartbeats.flush();
    expect(await stored()).toEqual(['m1', 'm2']);
  });

  it("takes the agent's address from a trusted proxy's X-Forwarded-For, never from an untrusted one", async () => {
    const trusted = await setup({ trustProxy: { addresses: ['127.0.0.1'] } });
    await trusted.send({ id: 'p1', version: 'v' }, { 'x-forwarded-for': '198.51.100.7' });
    await trusted.send(
      { id: 'p2', version: 'v' },
      { 'x-forwarded-for': '198.51.100.7', 'telegraf-agent-ip': '192.0.2.1' },
    );
    await trusted.services.heartbeats.flush();
    expect((await trusted.agent('p1')).json().ip).toBe('198.51.100.7');
    expect((await trusted.agent('p2')).json().ip).toBe('192.0.2.1');
    const untrusted = await setup();
    await untrusted.send({ id: 'p1', version: 'v' }, { 'x-forwarded-for': '198.51.100.7' });
    await untrusted.services.heartbeats.flush();
    expect((await untrusted.agent('p1')).json().ip).toBe('127.0.0.1');
  });
});
