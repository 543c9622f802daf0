import { describe, expect, it } from 'vitest';
import type { Agent, AgentList } from '@telegraf-controller/contract/agents';
import { createToken, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { parseHeartbeat } from '../heartbeats/heartbeat-message.js';

const MINUTE = 60_000;

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  await createToken(context.app, members.manager, { name: 'fleet' });
  /** One heartbeat, written before the next (the buffer keeps only an agent's latest heartbeat per flush). */
  const beat = async (id: string, hostname: string | undefined, at: number, ip = '10.0.0.9') => {
    context.services.heartbeats.accept(
      parseHeartbeat({ id, version: 'Telegraf 1.39.3', ...(hostname === undefined ? {} : { hostname }) }),
      ip,
      at,
    );
    await context.services.heartbeats.flush();
  };
  const get = async <T>(url: string): Promise<T> => {
    const answer = await context.app.inject({ method: 'GET', url, headers: members.viewer.headers });
    expect(answer.statusCode).toBe(200);
    return answer.json() as T;
  };
  const ids = async (query: string) => (await get<AgentList>(`/api/agents?${query}`)).items.map((a) => a.id).sort();
  return { ...context, members, beat, get, ids };
}

describe(`duplicate instance ids on ${engine}`, () => {
  it('flags an id heartbeating from two hosts in turn, lists it and says which hosts and when', async () => {
    const { beat, get, ids } = await setup();
    const now = Date.now();
    // A cloned image: two machines, one id, beating in turn.
    await beat('cloned', 'web-a', now - 4 * MINUTE);
    await beat('cloned', 'web-b', now - 3 * MINUTE);
    await beat('cloned', 'web-a', now - 2 * MINUTE);
    await beat('cloned', 'web-b', now - MINUTE);
    // A renamed machine (one change, never back), an address that moves (NAT, DHCP), and no hostname at all.
    await beat('renamed', 'old-name', now - 3 * MINUTE);
    await beat('renamed', 'new-name', now - 2 * MINUTE);
    await beat('moving', 'db-1', now - 3 * MINUTE, '10.0.0.1');
    await beat('moving', 'db-1', now - 2 * MINUTE, '10.0.0.2');
    await beat('moving', 'db-1', now - MINUTE, '10.0.0.1');
    await beat('nameless', undefined, now - 2 * MINUTE);
    await beat('nameless', undefined, now - MINUTE);

    // Three machines in turn never change back to the host just before: still a duplicate.
    await beat('triplet', 'node-a', now - 4 * MINUTE);
    await beat('triplet', 'node-b', now - 3 * MINUTE);
    await beat('triplet', 'node-c', now - 2 * MINUTE);

    expect(await ids('duplicate=true')).toEqual(['cloned', 'triplet']);
    expect(await ids('duplicate=false')).toEqual(['moving', 'nameless', 'renamed']);
    expect((await get<Agent>('/api/agents/triplet')).duplicate).toMatchObject({
      hosts: ['node-c', 'node-b'],
      count: 1,
    });
    const agent = await get<Agent>('/api/agents/cloned');
    expect(agent.duplicate).toEqual({
      hosts: ['web-b', 'web-a'],
      lastAt: new Date(now - MINUTE).toISOString(),
      gapMs: MINUTE,
      count: 2,
    });
    expect((await get<Agent>('/api/agents/renamed')).duplicate).toBeNull();
    const listed = await get<AgentList>('/api/agents?duplicate=true');
    expect(listed.total).toBe(2);
  });

  it('follows the window setting: old alternations, or slow ones, are no duplicate', async () => {
    const { beat, get, ids, app, members } = await setup();
    const now = Date.now();
    // Back and forth, but 40 minutes ago.
    await beat('long-ago', 'a', now - 44 * MINUTE);
    await beat('long-ago', 'b', now - 42 * MINUTE);
    await beat('long-ago', 'a', now - 40 * MINUTE);
    // Recent, but a change back 20 minutes after the change before it (two renames, not two machines).
    await beat('slow', 'x', now - 30 * MINUTE);
    await beat('slow', 'y', now - 25 * MINUTE);
    await beat('slow', 'x', now - 5 * MINUTE);
    expect(await ids('duplicate=true')).toEqual([]);
    expect((await get<Agent>('/api/agents/slow')).duplicate).toBeNull();

    const widened = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: members.owner.headers,
      payload: { duplicateWindowMinutes: 60 },
    });
    expect(widened.statusCode).toBe(200);
    expect(await ids('duplicate=true')).toEqual(['long-ago', 'slow']);
    const refused = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: members.owner.headers,
      payload: { duplicateWindowMinutes: 0 },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('duplicateWindowMinutes');
  });

  it('sees clones beating in step: two hostnames before one write are two machines, whether new or known', async () => {
    const { services, beat, get, ids } = await setup();
    const now = Date.now();
    const inStep = async (id: string, hosts: string[], at: number) => {
      for (const hostname of hosts) {
        services.heartbeats.accept(parseHeartbeat({ id, version: 'Telegraf 1.39.3', hostname }), '10.0.0.9', at);
      }
      await services.heartbeats.flush();
    };
    // Never seen before: both clones' first heartbeats land in one window.
    await inStep('fresh-clone', ['web-a', 'web-b'], now - MINUTE);
    // Known, with one host; then both in every window, the same host always last.
    await beat('known-clone', 'db-a', now - 3 * MINUTE);
    await inStep('known-clone', ['db-b', 'db-a'], now - 2 * MINUTE);
    await inStep('known-clone', ['db-b', 'db-a'], now - MINUTE);
    // One machine beating twice in one window is not a duplicate.
    await inStep('single', ['solo', 'solo'], now - MINUTE);
    expect(await ids('duplicate=true')).toEqual(['fresh-clone', 'known-clone']);
    expect((await get<Agent>('/api/agents/fresh-clone')).duplicate).toMatchObject({
      hosts: ['web-b', 'web-a'],
      gapMs: 0,
      count: 1,
    });
    expect((await get<Agent>('/api/agents/known-clone')).duplicate).toMatchObject({
      hosts: ['db-a', 'db-b'],
      count: 2,
    });
    expect((await get<Agent>('/api/agents/single')).duplicate).toBeNull();
  });
});
