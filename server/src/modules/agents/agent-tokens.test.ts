import { describe, expect, it } from 'vitest';
import type { Agent, AgentList } from '@telegraf-controller/contract/agents';
import type { Token } from '@telegraf-controller/contract/tokens';
import { createToken, sendHeartbeat, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { parseHeartbeat } from '../heartbeats/heartbeat-message.js';

describe(`which agents use which token on ${engine}`, () => {
  it('counts and lists the agents each token’s heartbeats came from, names the token on the agent', async () => {
    const { app, heartbeat, database, services } = await createTestApp();
    const members = await team(app, database);
    const [east, west] = [
      await createToken(app, members.manager, { name: 'fleet east' }),
      await createToken(app, members.manager, { name: 'fleet west' }),
    ];
    for (const [id, token] of [
      ['east-1', east],
      ['east-2', east],
      ['west-1', west],
    ] as const) {
      expect((await sendHeartbeat(heartbeat, token.authorization, { id })).statusCode).toBe(202);
    }
    // A heartbeat 40 days old with the west token: that agent no longer counts for it.
    services.heartbeats.accept(
      parseHeartbeat({ id: 'west-old', version: 'Telegraf 1.39.3' }),
      null,
      Date.now() - 40 * 86_400_000,
      west.id,
    );
    await services.heartbeats.flush();
    const get = async <T>(url: string, caller = members.manager): Promise<T> => {
      const answer = await app.inject({ method: 'GET', url, headers: caller.headers });
      expect(answer.statusCode).toBe(200);
      return answer.json() as T;
    };

    const tokens = (await get<{ items: Token[] }>('/api/tokens')).items;
    const count = (id: string) => tokens.find((token) => token.id === id)?.agentCount;
    expect([count(east.id), count(west.id)]).toEqual([2, 1]);
    const listed = await get<AgentList>(`/api/agents?token=${east.id}`, members.viewer);
    expect(listed.items.map((agent) => agent.id).sort()).toEqual(['east-1', 'east-2']);
    expect(listed.total).toBe(2);
    const agent = await get<Agent>('/api/agents/west-1', members.viewer);
    expect(agent.token).toMatchObject({ id: west.id, name: 'fleet west' });

    // A later heartbeat with another token moves the agent to it.
    expect((await sendHeartbeat(heartbeat, west.authorization, { id: 'east-2' })).statusCode).toBe(202);
    await services.heartbeats.flush();
    const moved = (await get<{ items: Token[] }>('/api/tokens')).items;
    expect(moved.find((token) => token.id === west.id)?.agentCount).toBe(2);
    // A deleted token leaves its id on the agent, with no name.
    for (const step of ['revoke', 'delete'] as const) {
      const answer = await app.inject({
        method: step === 'revoke' ? 'POST' : 'DELETE',
        url: step === 'revoke' ? `/api/tokens/${west.id}/revoke` : `/api/tokens/${west.id}`,
        headers: members.manager.headers,
      });
      expect(answer.statusCode).toBeLessThan(300);
    }
    expect((await get<Agent>('/api/agents/west-1', members.viewer)).token).toMatchObject({ id: west.id, name: null });
  });
});
