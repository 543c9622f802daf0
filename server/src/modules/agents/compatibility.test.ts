import type { Agent, AgentList, AgentsSummary } from '@telegraf-controller/contract/agents';
import type { ValidationResult } from '@telegraf-controller/contract/toml';
import { describe, expect, it } from 'vitest';
import { createConfig, createGroup, createToken, sendHeartbeat, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';

const HEARTBEAT = `[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "&{agent_id}"
  include = ["hostname", "statistics", "status"]
`;

async function setup() {
  const context = await createTestApp();
  const { app, heartbeat, database, services } = context;
  const members = await team(app, database);
  const token = await createToken(app, members.manager);
  const beat = async (id: string, version: string, paths: string[]) => {
    const response = await sendHeartbeat(heartbeat, token.authorization, {
      id,
      version,
      configurations: paths.map((path) => `http://controller.example:8888${path}`),
    });
    expect(response.statusCode).toBe(202);
    await services.heartbeats.flush();
  };
  const get = async <T>(url: string): Promise<T> => {
    const answer = await app.inject({ method: 'GET', url, headers: members.viewer.headers });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as T;
  };
  const listed = async (query: string) =>
    (await get<AgentList>(`/api/agents?sortBy=id&${query}`)).items.map((agent) => agent.id);
  return { ...context, members, beat, get, listed };
}

describe(`version compatibility on ${engine}`, () => {
  it('flags agents whose Telegraf cannot run a configuration they load, says why, and lists and counts them', async () => {
    const { app, members, beat, get, listed } = await setup();
    // Heartbeat status needs 1.38; aerospike is removed in 1.40.
    const config = await createConfig(app, members.manager, { toml: `[[inputs.cpu]]\n${HEARTBEAT}` });
    const legacy = await createConfig(app, members.manager, { toml: '[[inputs.aerospike]]\n' });
    const group = await createGroup(app, members.manager, { configIds: [legacy.id] });
    const path = `/api/configs/${config.id}/toml?agent_id=x`;
    await beat('old', 'Telegraf 1.37.2', [path]);
    await beat('current', 'Telegraf 1.39.3 (git: HEAD@b2726314)', [path]);
    await beat('dev', 'Telegraf unknown', [path]);
    await beat('newest', 'Telegraf 1.40.1', [`/api/config-groups/${group.id}/toml`]);
    await beat('nothing', 'Telegraf 1.20.0', []);

    expect(await listed('flag=incompatible')).toEqual(['newest', 'old']);
    expect((await get<AgentsSummary>('/api/agents/summary')).incompatible).toBe(2);
    const old = await get<Agent>('/api/agents/old');
    expect(old.incompatible).toBe(true);
    expect(old.configs[0]!.runs[0]!.incompatible).toEqual(["the heartbeat's status: Telegraf 1.38.0 or later"]);
    const newest = await get<Agent>('/api/agents/newest');
    expect(newest.configs[0]!.runs[0]!.incompatible).toEqual(['inputs.aerospike: removed in Telegraf 1.40.0']);
    expect((await get<Agent>('/api/agents/current')).incompatible).toBe(false);
    expect((await get<Agent>('/api/agents/dev')).incompatible).toBe(false);

    // A save that drops what old agents lack clears the flag at once; one that needs more raises it.
    const save = async (toml: string) =>
      app.inject({
        method: 'PATCH',
        url: `/api/configs/${config.id}`,
        headers: members.manager.headers,
        payload: { toml },
      });
    expect((await save('[[inputs.cpu]]\n')).statusCode).toBe(200);
    expect(await listed('flag=incompatible')).toEqual(['newest']);
    expect((await save(`[[inputs.cpu]]\n${HEARTBEAT.replace('"status"', '"logs"')}`)).statusCode).toBe(200);
    expect(await listed('flag=incompatible')).toEqual(['newest', 'old']);
  });

  it('warns in the editor before a change would make agents that load the configuration incompatible', async () => {
    const { app, members, beat } = await setup();
    const config = await createConfig(app, members.manager, { toml: '[[inputs.cpu]]\n' });
    await app.inject({
      method: 'POST',
      url: `/api/configs/${config.id}/aliases`,
      headers: members.manager.headers,
      payload: { alias: 'edge' },
    });
    await beat('old-1', 'Telegraf 1.37.0', ['/c/edge?agent_id=old-1']);
    await beat('old-2', 'Telegraf 1.37.5', [`/api/configs/${config.id}/toml?agent_id=old-2`]);
    await beat('new-1', 'Telegraf 1.38.0', [`/api/configs/${config.id}/toml?agent_id=new-1`]);
    const validate = async (body: object) => {
      const answer = await app.inject({
        method: 'POST',
        url: '/api/configs/validate',
        headers: members.viewer.headers,
        payload: body,
      });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json() as ValidationResult;
    };
    const toml = `[[inputs.cpu]]\n${HEARTBEAT}`;
    for (const configId of [config.id, 'edge']) {
      const result = await validate({ toml, configId });
      expect(result.valid).toBe(true);
      expect(result.warnings.filter((warning) => warning.rule === 'incompatible-agents')).toEqual([
        {
          line: 2,
          column: 1,
          message:
            "2 agents that load this configuration run Telegraf older than 1.38.0, the first release with the heartbeat's status",
          rule: 'incompatible-agents',
        },
      ]);
    }
    // Without a configuration, or for a change every agent can run, nothing is said.
    expect((await validate({ toml })).warnings.some((warning) => warning.rule === 'incompatible-agents')).toBe(false);
    const compatible = await validate({ toml: '[[inputs.mem]]\n', configId: config.id });
    expect(compatible.warnings.some((warning) => warning.rule === 'incompatible-agents')).toBe(false);
  });
});
