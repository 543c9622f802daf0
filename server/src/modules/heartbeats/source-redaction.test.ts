import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@telegraf-controller/contract/agents';
import { createConfig, createToken, sendHeartbeat, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';

describe(`reported configuration URLs on ${engine}`, () => {
  it('are stored with the credentials of their query redacted, and still link to the version served', async () => {
    const { app, heartbeat, database, services } = await createTestApp();
    const members = await team(app, database);
    const agentToken = await createToken(app, members.manager, { name: 'agents' });
    const config = await createConfig(app, members.manager);
    const path = `/api/configs/${config.id}/toml?agent_id=web-1&api_key=s3cret-value&env=prod`;
    const served = await app.inject({ method: 'GET', url: path, headers: { authorization: agentToken.authorization } });
    expect(served.statusCode).toBe(200);
    const reported = await sendHeartbeat(heartbeat, agentToken.authorization, {
      id: 'web-1',
      configurations: [`http://controller.example:8888${path}`],
    });
    expect(reported.statusCode).toBe(202);
    await services.heartbeats.flush();

    const answer = await app.inject({ method: 'GET', url: '/api/agents/web-1', headers: members.viewer.headers });
    const agent = answer.json() as Agent;
    expect(agent.configs).toEqual([
      expect.objectContaining({
        kind: 'managed',
        configId: config.id,
        version: 1,
        source: `http://controller.example:8888/api/configs/${config.id}/toml?agent_id=web-1&api_key=xxxxx&env=prod`,
      }),
    ]);
    const stored = await sql<{ text: string }>`select configurations as text from agent_details`.execute(database.db);
    expect(JSON.stringify(stored.rows)).not.toContain('s3cret');
    const links = await sql<{ source: string }>`select source from agent_configs`.execute(database.db);
    expect(JSON.stringify(links.rows)).not.toContain('s3cret');
  });
});
