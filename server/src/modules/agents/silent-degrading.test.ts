import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Agent, AgentList } from '@telegraf-controller/contract/agents';
import type { ReportingRuleList } from '@telegraf-controller/contract/reporting-rules';
import { team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { parseHeartbeat } from '../heartbeats/heartbeat-message.js';

describe(`silent and degrading agents on ${engine}`, () => {
  it('flags an agent that routes no metric while OK, and one whose errors keep rising; filters and resets', async () => {
    const { app, database, services } = await createTestApp();
    const members = await team(app, database);
    /** One round of heartbeats, written before the next (each carries the statistics of its own interval). */
    const round = async (beats: Array<[id: string, status: string | undefined, errors: number, metrics: number]>) => {
      for (const [id, status, errors, metrics] of beats) {
        services.heartbeats.accept(
          parseHeartbeat({
            id,
            version: 'Telegraf 1.39.3',
            ...(status === undefined ? {} : { status }),
            statistics: { errors, warnings: 0, metrics },
          }),
          null,
        );
      }
      await services.heartbeats.flush();
    };
    const get = async <T>(url: string): Promise<T> => {
      const answer = await app.inject({ method: 'GET', url, headers: members.viewer.headers });
      expect(answer.statusCode).toBe(200);
      return answer.json() as T;
    };
    const flagged = async (flag: string) =>
      (await get<AgentList>(`/api/agents?flag=${flag}`)).items.map((agent) => agent.id).sort();

    for (let beat = 1; beat <= 3; beat++) {
      await round([
        ['quiet', 'OK', 0, 0],
        ['no-status', undefined, 0, 0],
        ['warned', 'WARN', 0, 0],
        ['busy', 'OK', 0, 120],
        ['worse', 'OK', beat, 50],
        ['steady', 'OK', 5, 50],
      ]);
      if (beat === 2) expect(await flagged('silent')).toEqual([]);
    }
    expect(await flagged('silent')).toEqual(['no-status', 'quiet']);
    expect(await flagged('degrading')).toEqual(['worse']);
    const quiet = await get<Agent>('/api/agents/quiet');
    expect(quiet).toMatchObject({ silent: { beats: 3, after: 3 }, degrading: null });
    expect((await get<Agent>('/api/agents/worse')).degrading).toEqual({ beats: 3, after: 3 });
    expect((await get<Agent>('/api/agents/warned')).silent).toBeNull();

    // One beat with metrics, one with fewer errors: both flags clear.
    await round([
      ['quiet', 'OK', 0, 7],
      ['worse', 'OK', 1, 50],
    ]);
    expect(await flagged('silent')).toEqual(['no-status']);
    expect(await flagged('degrading')).toEqual([]);

    // Back from Not Reporting, the counts start again: a restarted Telegraf reports no metric before its first flush.
    await sql`update agents set status = 'not_reporting' where id = 'no-status'`.execute(database.db);
    await round([['no-status', undefined, 0, 0]]);
    expect((await get<Agent>('/api/agents/no-status')).silent).toBeNull();
    // A heartbeat without statistics changes neither count.
    services.heartbeats.accept(parseHeartbeat({ id: 'quiet', version: 'Telegraf 1.39.3', status: 'OK' }), null);
    await services.heartbeats.flush();
    expect((await get<Agent>('/api/agents/quiet')).silent).toBeNull();

    // The thresholds are the reporting rule's: 0 turns Silent off, 2 flags sooner.
    const [rule] = (await get<ReportingRuleList>('/api/reporting-rules')).items;
    expect(rule).toMatchObject({ silentAfterBeats: 3, degradingAfterBeats: 3 });
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/reporting-rules/${rule!.id}`,
      headers: members.manager.headers,
      payload: { silentAfterBeats: 0, degradingAfterBeats: 1 },
    });
    expect(patched.json()).toMatchObject({ silentAfterBeats: 0, degradingAfterBeats: 1 });
    await round([['worse', 'OK', 4, 50]]);
    expect(await flagged('silent')).toEqual([]);
    expect(await flagged('degrading')).toEqual(['worse']);
    const refused = await app.inject({
      method: 'PATCH',
      url: `/api/reporting-rules/${rule!.id}`,
      headers: members.manager.headers,
      payload: { silentAfterBeats: 101 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('silentAfterBeats');
  });
});
