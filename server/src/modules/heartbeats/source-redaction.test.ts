import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@telegraf-controller/contract/agents';
import { createConfig, createToken, sendHeartbeat, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { redactedSources } from '../../db/migrations/0022-redacted-sources.js';

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

  it('are redacted where they were stored before, by migration 0022', async () => {
    const { database } = await createTestApp();
    const now = new Date().toISOString();
    const secret = 'http://c:8888/c/edge?agent_id=a&token=t0ps3cret';
    await sql`insert into agents (id, version, status, reported_status, reporting_rule_id, first_seen_at, last_seen_at,
      name_key) values ('old-1', 'v', 'ok', 'ok', (select id from reporting_rules where is_default = 1), ${now}, ${now},
      'old-1')`.execute(database.db);
    await sql`insert into agent_details (agent_id, configurations, logs, logs_reported, last_failure_at, updated_at)
      values ('old-1', ${JSON.stringify(['/etc/t.conf', secret])}, null, 0, null, ${now})`.execute(database.db);
    await sql`insert into agent_configs (agent_id, position, kind, source, config_id, group_id, version)
      values ('old-1', 0, 'external', '/etc/t.conf', null, null, null),
             ('old-1', 1, 'external', ${secret}, null, null, null)`.execute(database.db);
    await redactedSources.up(database.db.withoutPlugins(), {
      timestamp: engine === 'postgres' ? 'timestamptz' : 'text',
    });
    const details = await sql<{ configurations: string }>`select configurations from agent_details`.execute(
      database.db,
    );
    expect(JSON.parse(details.rows[0]!.configurations)).toEqual([
      '/etc/t.conf',
      'http://c:8888/c/edge?agent_id=a&token=xxxxx',
    ]);
    const links = await sql<{ source: string }>`select source from agent_configs order by position`.execute(
      database.db,
    );
    expect(links.rows.map((row) => row.source)).toEqual(['/etc/t.conf', 'http://c:8888/c/edge?agent_id=a&token=xxxxx']);
  });
});
