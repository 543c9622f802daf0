import type { Agent, AgentList, HeartbeatLogs } from '@telegraf-controller/contract/agents';
import type { Config } from '@telegraf-controller/contract/configs';
import type { ReportingRuleList } from '@telegraf-controller/contract/reporting-rules';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { engine } from '../harness.js';
import { agentToml } from './agent-configs.js';
import { startInteropController, type InteropController } from './interop-controller.js';
import { agentDirectory, describeInterop, startAgent } from './telegraf-agent.js';

/** An input that runs fine every interval and produces nothing: no metric, no error, status OK. */
const EMPTY_EXEC = ['[[inputs.exec]]', '  commands = ["true"]', '  data_format = "influx"'];

/** Heartbeats come every second (agentToml): a flag is expected within a few of them. */
const FEW_BEATS = { timeout: 30_000, interval: 250 };

describeInterop(`real Telegraf agents flagged as a duplicate id or silent on ${engine}`, (telegraf) => {
  it('flags one id heartbeating from two machines in turn, lists it, and leaves an agent alone on its machine', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    // The heartbeat's hostname is the machine's (os.Hostname() when the plugin starts; `[agent] hostname` does not
    // change it, CONTRACT §1.4), so each agent runs in a UTS namespace of its own, as on a machine of its own. The
    // two clones beat at different intervals: the controller keeps one heartbeat per agent id per flush (250 ms), so
    // clones beating in step would reach it as one host, and differing intervals keep them from staying in step.
    const template = agentToml({ heartbeatUrl: controller.heartbeatUrl });
    const beatLine = '  token = "${TELEGRAF_CONTROLLER_TOKEN}"\n  interval = "1s"';
    expect(template).toContain(beatLine);
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'cloned-image',
      toml: template.replace(
        beatLine,
        '  token = "${TELEGRAF_CONTROLLER_TOKEN}"\n  interval = "&{heartbeat_interval}"',
      ),
    });
    const dir = agentDirectory();
    const machines = [
      { hostname: 'web-a', id: 'cloned', beat: '1s' },
      { hostname: 'web-b', id: 'cloned', beat: '1500ms' },
      { hostname: 'web-c', id: 'single', beat: '1s' },
    ];
    const agents = machines.map(({ hostname, id, beat }) => {
      const query = new URLSearchParams({
        agent_id: id,
        heartbeat_interval: beat,
        metrics_file: join(dir, `${hostname}.out`),
      });
      const url = `${controller.apiUrl}/api/configs/${config.id}/toml?${query}`;
      return startAgent(
        telegraf,
        [
          'unshare',
          '--uts',
          '--map-root-user',
          'bash',
          '-c',
          `hostname ${hostname} && exec telegraf --config "$0"`,
          url,
        ],
        { TELEGRAF_CONTROLLER_TOKEN: token.token },
      );
    });
    for (const agent of agents) await agent.waitFor(/Loaded inputs: mem/);

    const cloned = await pollAgent(controller, 'cloned', (agent) => agent.duplicate !== null);
    expect(cloned.hostname).toMatch(/^web-[ab]$/);
    expect([...cloned.duplicate!.hosts].sort()).toEqual(['web-a', 'web-b']);
    expect(cloned.duplicate!.count).toBeGreaterThanOrEqual(1);
    expect(Date.parse(cloned.duplicate!.lastAt)).toBeLessThanOrEqual(Date.parse(cloned.lastSeenAt));

    const single = await pollAgent(controller, 'single', (agent) => agent.hostname !== null);
    expect(single.hostname).toBe('web-c');
    expect(single.duplicate).toBeNull();
    expect(await ids(controller, 'duplicate=true')).toEqual(['cloned']);
    expect(await ids(controller, 'duplicate=false')).toEqual(['single']);
  }, 90_000);

  it('flags an agent whose only input produces nothing as Silent after the rule’s beats, and not one with metrics', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    const [rule] = (await controller.asOwner<ReportingRuleList>('GET', '/api/reporting-rules')).items;
    expect(rule).toMatchObject({ isDefault: true, silentAfterBeats: 3 });
    const dir = agentDirectory();
    const start = async (id: string, inputs: string[], loaded: RegExp) => {
      const config = await controller.asOwner<Config>('POST', '/api/configs', {
        name: id,
        toml: agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs }),
      });
      const url = `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=${id}&metrics_file=${join(dir, id)}`;
      const agent = startAgent(telegraf, ['telegraf', '--config', url], { TELEGRAF_CONTROLLER_TOKEN: token.token });
      await agent.waitFor(loaded);
    };
    await Promise.all([
      start('quiet', EMPTY_EXEC, /Loaded inputs: exec/),
      start('busy', ['[[inputs.mem]]'], /Loaded inputs: mem/),
    ]);

    // Every heartbeat of the exec agent routes no metric to the heartbeat output; it runs fine, so it reports OK.
    await expect.poll(() => ids(controller, 'flag=silent'), FEW_BEATS).toEqual(['quiet']);
    const quiet = await controller.asOwner<Agent>('GET', '/api/agents/quiet');
    expect(quiet.reportedStatus).toBe('ok');
    expect(quiet.silent).toEqual({ beats: expect.any(Number), after: 3 });
    expect(quiet.silent!.beats).toBeGreaterThanOrEqual(3);
    expect(quiet.statistics).toEqual({ errors: 0, warnings: 0, metrics: 0 });
    const quietBeats = await beats(controller, 'quiet');
    expect(quietBeats.length).toBeGreaterThanOrEqual(3);
    expect(quietBeats.every((beat) => beat.metrics === 0)).toBe(true);

    // The agent with a real input has beaten as long (its first beat may come before its first flush) and is not
    // flagged: its memory metric reaches the heartbeat output every flush.
    await expect.poll(async () => (await beats(controller, 'busy')).length, FEW_BEATS).toBeGreaterThanOrEqual(4);
    const busy = await controller.asOwner<Agent>('GET', '/api/agents/busy');
    expect(busy.reportedStatus).toBe('ok');
    expect(busy.silent).toBeNull();
    expect((await beats(controller, 'busy')).slice(1).some((beat) => beat.metrics > 0)).toBe(true);
    expect(await ids(controller, 'flag=silent')).toEqual(['quiet']);
  }, 90_000);
});

/** The ids of the agents a list query finds, sorted. */
async function ids(controller: InteropController, query: string): Promise<string[]> {
  const list = await controller.asOwner<AgentList>('GET', `/api/agents?limit=500&${query}`);
  return list.items.map((agent) => agent.id).sort();
}

/** The statistics of each heartbeat stored for the agent, oldest first. */
function beats(controller: InteropController, id: string): Promise<HeartbeatLogs> {
  return controller.asOwner<HeartbeatLogs>('GET', `/api/heartbeat/agent/${encodeURIComponent(id)}/logs`);
}

/** The agent as the API shows it, once `ready` holds. */
async function pollAgent(controller: InteropController, id: string, ready: (agent: Agent) => boolean): Promise<Agent> {
  let latest: Agent | undefined;
  await expect
    .poll(async () => {
      if (!(await ids(controller, `search=${encodeURIComponent(id)}`)).includes(id)) return false;
      latest = await controller.asOwner<Agent>('GET', `/api/agents/${encodeURIComponent(id)}`);
      return ready(latest);
    }, FEW_BEATS)
    .toBe(true);
  return latest!;
}
