import type { Agent } from '@telegraf-controller/contract/agents';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { createConfig, createToken, sendHeartbeat, team } from '../../../test/factories.js';

describe(`the version an agent loaded on ${engine}`, () => {
  it('is the one served at its URL: a save does not move it, the agent fetching again does', async () => {
    const { app, heartbeat, database, services } = await createTestApp();
    const members = await team(app, database);
    const config = await createConfig(app, members.manager, { toml: '[[inputs.cpu]]\n' });
    const token = await createToken(app, members.manager);
    const path = `/api/configs/${config.id}/toml?agent_id=v-agent`;
    const fetchToml = async () => {
      const response = await app.inject({ method: 'GET', url: path, headers: { authorization: token.authorization } });
      expect(response.statusCode).toBe(200);
    };
    const linkedVersion = async () => {
      const beat = await sendHeartbeat(heartbeat, token.authorization, {
        id: 'v-agent',
        configurations: [`http://controller.example:8888${path}`],
      });
      expect(beat.statusCode).toBe(202);
      await services.heartbeats.flush();
      const agent = (
        await app.inject({ method: 'GET', url: '/api/agents/v-agent', headers: members.viewer.headers })
      ).json() as Agent;
      return agent.configs[0]?.version;
    };

    await fetchToml();
    expect(await linkedVersion()).toBe(1);
    await app.inject({
      method: 'PATCH',
      url: `/api/configs/${config.id}`,
      headers: members.manager.headers,
      payload: { toml: '[[inputs.mem]]\n' },
    });
    // Saved, but the agent has not fetched it: it still runs version 1.
    expect(await linkedVersion()).toBe(1);
    // Fetched twice (the second answered from memory before routing): version 2.
    await fetchToml();
    await fetchToml();
    expect(await linkedVersion()).toBe(2);
  });
});
