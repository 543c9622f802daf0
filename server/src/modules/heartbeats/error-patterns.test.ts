import type { AgentList } from '@telegraf-controller/contract/agents';
import type { ErrorPatternList } from '@telegraf-controller/contract/error-patterns';
import { describe, expect, it } from 'vitest';
import { createToken, sendHeartbeat, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { MAX_PATTERNS_PER_AGENT } from './error-patterns.repo.js';

const DAY = 86_400_000;

async function setup() {
  const context = await createTestApp();
  const { app, heartbeat, database, services } = context;
  const members = await team(app, database);
  const token = await createToken(app, members.manager);
  /** One heartbeat with these log entries (`[level, source, message]`), written before the next. */
  const beat = async (id: string, logs: Array<[string, string, string]>) => {
    const response = await sendHeartbeat(heartbeat, token.authorization, {
      id,
      logs: logs.map(([level, source, message]) => ({ time: new Date().toISOString(), level, source, message })),
    });
    expect(response.statusCode, response.body).toBe(202);
    await services.heartbeats.flush();
  };
  const get = async <T>(url: string): Promise<T> => {
    const answer = await app.inject({ method: 'GET', url, headers: members.viewer.headers });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as T;
  };
  return { ...context, members, beat, get };
}

describe(`error patterns across the fleet on ${engine}`, () => {
  it('groups errors and warnings by plugin and masked message as heartbeats arrive, and lists the agents of each', async () => {
    const { beat, get } = await setup();
    await beat('db-1', [['ERROR', 'inputs.mysql', 'dial tcp 10.0.0.1:3306: connect: connection refused']]);
    await beat('db-2', [
      ['ERROR', 'inputs.mysql', 'dial tcp 10.0.0.2:3306: connect: connection refused'],
      ['INFO', 'inputs.mysql', 'gathered 12 metrics'],
    ]);
    await beat('db-1', [['ERROR', 'inputs.mysql', 'dial tcp 10.0.0.1:3306: connect: connection refused']]);
    await beat('web-1', [
      ['WARN', 'outputs.influxdb_v2', 'when writing to [http://10.1.0.9:8086]: 429 Too Many Requests'],
    ]);
    await beat('quiet', []);

    const list = await get<ErrorPatternList>('/api/error-patterns');
    expect(list.total).toBe(2);
    const refused = list.items.find((item) => item.source === 'inputs.mysql')!;
    expect(refused).toMatchObject({
      level: 'ERROR',
      pattern: 'dial tcp <ip>: connect: connection refused',
      sample: 'dial tcp 10.0.0.1:3306: connect: connection refused',
      sampleAgentId: 'db-1',
      agents: 2,
      occurrences: 3,
    });
    expect(Date.parse(refused.firstSeenAt)).toBeLessThanOrEqual(Date.parse(refused.lastSeenAt));
    expect(list.items.find((item) => item.level === 'WARN')).toMatchObject({
      pattern: 'when writing to [http://<ip>]: <n> Too Many Requests',
      agents: 1,
    });
    // A click lists the agents.
    const agents = await get<AgentList>(`/api/agents?sortBy=id&errorPattern=${refused.id}`);
    expect(agents.items.map((agent) => agent.id)).toEqual(['db-1', 'db-2']);
    expect((await get<ErrorPatternList>('/api/error-patterns?level=WARN')).items).toHaveLength(1);
    expect((await get<ErrorPatternList>('/api/error-patterns?search=MYSQL')).items.map((item) => item.id)).toEqual([
      refused.id,
    ]);
    const firstPage = await get<ErrorPatternList>('/api/error-patterns?limit=1');
    const secondPage = await get<ErrorPatternList>(`/api/error-patterns?limit=1&cursor=${firstPage.nextCursor}`);
    expect([...firstPage.items, ...secondPage.items].map((item) => item.id).sort()).toEqual(
      list.items.map((item) => item.id).sort(),
    );
    expect(secondPage.nextCursor).toBeNull();
  });

  it('keeps storage bounded: one agent cannot fill it, and retention forgets what was not seen', async () => {
    const { beat, get, services, database } = await setup();
    // One agent logging ever new messages brings in at most its share of patterns; others still get theirs in.
    const flood = Array.from({ length: MAX_PATTERNS_PER_AGENT + 20 }, (_, n) => [
      'ERROR',
      'inputs.exec',
      `failure kind ${'x'.repeat(n + 1)}`,
    ]) as Array<[string, string, string]>;
    for (let at = 0; at < flood.length; at += 40) await beat('noisy', flood.slice(at, at + 40));
    await beat('other', [['ERROR', 'inputs.disk', 'no such device']]);
    const all = await get<ErrorPatternList>('/api/error-patterns?limit=500');
    expect(all.items.filter((item) => item.source === 'inputs.exec').length).toBeLessThanOrEqual(
      MAX_PATTERNS_PER_AGENT + 40,
    );
    expect(all.items.filter((item) => item.source === 'inputs.exec').length).toBeGreaterThanOrEqual(
      MAX_PATTERNS_PER_AGENT,
    );
    expect(all.items.some((item) => item.source === 'inputs.disk')).toBe(true);

    // Seen again now: kept; not seen for longer than the retention: forgotten, with its agents.
    await database.db
      .updateTable('errorPatterns')
      .set({ lastSeenAt: new Date(Date.now() - 8 * DAY).toISOString() })
      .where('source', '=', 'inputs.exec')
      .execute();
    await database.db
      .updateTable('errorPatternAgents')
      .set({ lastSeenAt: new Date(Date.now() - 8 * DAY).toISOString() })
      .where('agentId', '=', 'noisy')
      .execute();
    await services.errorPatterns.purge();
    const left = await get<ErrorPatternList>('/api/error-patterns?limit=500');
    expect(left.items.map((item) => item.source)).toEqual(['inputs.disk']);
    const sightings = await database.db.selectFrom('errorPatternAgents').select('agentId').execute();
    expect(sightings.map((row) => row.agentId)).toEqual(['other']);
  });

  it('takes a long message whose cut would split a character, and the agent keeps reporting', async () => {
    const { beat, get } = await setup();
    await beat('emoji', [['WARN', 'inputs.exec', `${'x'.repeat(1023)}\u{1F525} after the cut`]]);
    const [pattern] = (await get<ErrorPatternList>('/api/error-patterns')).items;
    expect(pattern).toMatchObject({ source: 'inputs.exec', agents: 1 });
    expect(pattern!.sample.length).toBeLessThanOrEqual(1024);
    expect((await get<{ lastSeenAt: string }>('/api/agents/emoji')).lastSeenAt).toBeTruthy();
  });
});
