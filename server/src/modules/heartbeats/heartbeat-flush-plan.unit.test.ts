import { describe, expect, it } from 'vitest';
import { planFlush, type Pending, type Written } from './heartbeat-flush-plan.js';
import { parseHeartbeat } from './heartbeat-message.js';

const AT = Date.UTC(2026, 11, 4, 12, 0, 0);
const pending = (body: Record<string, unknown>, at = AT): Pending => ({
  heartbeat: parseHeartbeat({ version: 'Telegraf 1.39.3', ...body }),
  ip: '10.0.0.1',
  at,
});
const batch = (...entries: Pending[]) => new Map(entries.map((entry) => [entry.heartbeat.id, entry]));

describe('the flush plan', async () => {
  it('makes one agent row per heartbeat with its statistics, and details and links for new agents', async () => {
    const plan = await planFlush(
      batch(
        pending({
          id: 'a',
          status: 'OK',
          statistics: { errors: 1, warnings: 2, metrics: 3 },
          configurations: ['/etc/t.conf'],
        }),
        { ...pending({ id: 'b', hostname: 'host-b' }), tokenId: 'token-1' },
      ),
      () => undefined,
    );
    expect(plan.agents).toEqual([
      {
        id: 'a',
        hostname: null,
        ip: '10.0.0.1',
        version: 'Telegraf 1.39.3',
        versionKey: '0001.0039.0003',
        reportedStatus: 'ok',
        at: new Date(AT).toISOString(),
        errors: 1,
        warnings: 2,
        metrics: 3,
        tokenId: null,
        clashHostname: null,
      },
      {
        id: 'b',
        hostname: 'host-b',
        ip: '10.0.0.1',
        version: 'Telegraf 1.39.3',
        versionKey: '0001.0039.0003',
        reportedStatus: 'undefined',
        at: new Date(AT).toISOString(),
        errors: null,
        warnings: null,
        metrics: null,
        tokenId: 'token-1',
        clashHostname: null,
      },
    ]);
    expect(plan.details.map((d) => d.agentId)).toEqual(['a', 'b']);
    expect([...plan.sources]).toEqual([
      ['a', ['/etc/t.conf']],
      ['b', []],
    ]);
    expect(plan.fleetChanged).toBe(true);
    expect(plan.dropped).toEqual([]);
    expect([...plan.remembered.keys()]).toEqual(['a', 'b']);
  });

  it('skips details, links and the fleet-count news when an agent reports what was last written', async () => {
    const first = await planFlush(batch(pending({ id: 'a', status: 'OK', configurations: ['/x'] })), () => undefined);
    const written = first.remembered.get('a')!;
    const again = await planFlush(
      batch(pending({ id: 'a', status: 'OK', configurations: ['/x'] }, AT + 60_000)),
      () => written,
    );
    expect(again.agents).toHaveLength(1);
    expect(again.details).toEqual([]);
    expect(again.sources.size).toBe(0);
    expect(again.fleetChanged).toBe(false);
    expect(again.remembered.size).toBe(0);
    const changed = await planFlush(batch(pending({ id: 'a', status: 'FAIL', configurations: ['/x'] })), () => written);
    expect(changed.fleetChanged).toBe(true);
    expect(changed.remembered.get('a')).not.toEqual<Written>(written);
  });

  it('leaves out an entry that cannot be prepared, with why, and plans the others', async () => {
    const poison: Pending = { heartbeat: { id: 'poison', version: 'v', schema: 1, last: 9e12 }, ip: null, at: AT };
    const plan = await planFlush(batch(pending({ id: 'a' }), poison, pending({ id: 'b' })), () => undefined);
    expect(plan.agents.map((row) => row.id)).toEqual(['a', 'b']);
    expect(plan.details.map((row) => row.agentId)).toEqual(['a', 'b']);
    expect(plan.dropped).toHaveLength(1);
    expect(plan.dropped[0]!.agentId).toBe('poison');
    expect(plan.dropped[0]!.error).toBeInstanceOf(RangeError);
    expect(plan.remembered.has('poison')).toBe(false);
  });
});
