import type {
  Agent,
  AgentList,
  ConfigAgentVersions,
  HeartbeatLogs,
  ServedVersion,
} from '@telegraf-controller/contract/agents';
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

describeInterop(`real Telegraf agents flagged as a duplicate id, silent or outdated on ${engine}`, (telegraf) => {
  it('flags one id heartbeating from two machines in step (a cloned image), lists it, and leaves an agent alone on its machine', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    // The heartbeat's hostname is the machine's (os.Hostname() when the plugin starts; `[agent] hostname` does not
    // change it, CONTRACT §1.4), so each agent runs in a UTS namespace of its own, as on a machine of its own. The
    // clones start together and beat every second, in step: two hostnames of one id reach the controller between
    // two of its writes, which is a duplicate too.
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'cloned-image',
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl }),
    });
    const dir = agentDirectory();
    const machines = [
      { hostname: 'web-a', id: 'cloned' },
      { hostname: 'web-b', id: 'cloned' },
      { hostname: 'web-c', id: 'single' },
    ];
    const agents = machines.map(({ hostname, id }) => {
      const query = new URLSearchParams({ agent_id: id, metrics_file: join(dir, `${hostname}.out`) });
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

  it('shows drift after a save: a watching agent moves to the new version, one that does not is flagged Outdated', async () => {
    // Fetches are written every 200 ms: what each agent loaded shows within a heartbeat.
    const controller = await startInteropController({ fetchRecordIntervalMs: 200 });
    const token = await controller.token();
    const dir = agentDirectory();
    const toml = (inputs: string[]) => agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs });
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'drifting',
      toml: toml(['[[inputs.mem]]']),
    });
    const url = (id: string) =>
      `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=${id}&metrics_file=${join(dir, id)}`;
    const env = { TELEGRAF_CONTROLLER_TOKEN: token.token };
    const watcher = startAgent(
      telegraf,
      ['telegraf', '--config', url('watcher'), '--config-url-watch-interval', '1s'],
      env,
    );
    await watcher.waitFor(/Loaded inputs: mem/);
    // Not watching: restarted once, as a service manager would, so its fetch interval is observed (two loads).
    const first = startAgent(telegraf, ['telegraf', '--config', url('pinned')], env);
    await first.waitFor(/Loaded inputs: mem/);
    await first.stop();
    const pinned = startAgent(telegraf, ['telegraf', '--config', url('pinned')], env);
    await pinned.waitFor(/Loaded inputs: mem/);
    for (const id of ['watcher', 'pinned']) {
      const runs = await pollRuns(controller, id, (run) => run.version === 1);
      expect(runs).toMatchObject({ version: 1, latestVersion: 1, basis: 'exact', outdated: false });
    }

    await controller.asOwner('PATCH', `/api/configs/${config.id}`, {
      toml: toml(['[[inputs.mem]]', '[[inputs.cpu]]']),
    });
    await watcher.waitFor(/Loaded inputs: cpu mem/, 20_000);
    expect(await pollRuns(controller, 'watcher', (run) => run.version === 2)).toMatchObject({
      version: 2,
      latestVersion: 2,
      basis: 'exact',
      outdated: false,
    });
    // Beyond twice its observed interval, the agent still on version 1 is Outdated; it runs what it loaded.
    expect(await pollRuns(controller, 'pinned', (run) => run.outdated)).toMatchObject({
      version: 1,
      latestVersion: 2,
      basis: 'exact',
      outdated: true,
    });
    expect(pinned.count(/Loaded inputs: cpu mem/)).toBe(0);
    expect(await ids(controller, 'flag=outdated')).toEqual(['pinned']);
    const versions = await controller.asOwner<ConfigAgentVersions>('GET', `/api/configs/${config.id}/agent-versions`);
    expect(versions.versions).toEqual([
      { version: 2, agents: 1, exact: 1, inferred: 0, unknown: 0, outdated: 0 },
      { version: 1, agents: 1, exact: 1, inferred: 0, unknown: 0, outdated: 1 },
    ]);
  }, 90_000);
});

/** What the agent runs of its one configuration, once `ready` holds. */
async function pollRuns(
  controller: InteropController,
  id: string,
  ready: (run: ServedVersion) => boolean,
): Promise<ServedVersion> {
  const agent = await pollAgent(controller, id, (shown) => {
    const run = shown.configs[0]?.runs[0];
    return run !== undefined && ready(run);
  });
  return agent.configs[0]!.runs[0]!;
}

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
