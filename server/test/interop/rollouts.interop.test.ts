import type { Agent, AgentList, HeartbeatLogs, ServedVersion } from '@telegraf-controller/contract/agents';
import type { AuditPage } from '@telegraf-controller/contract/audit';
import type { Config } from '@telegraf-controller/contract/configs';
import type { ReportingRuleList } from '@telegraf-controller/contract/reporting-rules';
import type { Rollout, RolloutCreate } from '@telegraf-controller/contract/rollouts';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { engine } from '../harness.js';
import { agentToml } from './agent-configs.js';
import { superviseAgent, type SupervisedAgent } from './agent-supervisor.js';
import { startInteropController, type InteropController } from './interop-controller.js';
import { agentDirectory, describeInterop } from './telegraf-agent.js';

/** The smallest threshold a reporting rule takes: an agent silent this long is Not Reporting at the next pass. */
const NOT_REPORTING_AFTER_SECONDS = 10;
/**
 * Bake times longer than Not Reporting takes, as the README asks, so an agent that exits after loading is counted:
 * the canary is silent from its reload on, a second or two into the step.
 */
const HEALTHY_BAKE_SECONDS = NOT_REPORTING_AFTER_SECONDS + 2;
const CRASHING_BAKE_SECONDS = 3 * NOT_REPORTING_AFTER_SECONDS;
/** Heartbeats and watcher polls come every second (agentToml, --config-url-watch-interval 1s). */
const FEW_BEATS = { timeout: 30_000, interval: 250 };
/** A rollout ends within its bakes, a Not Reporting threshold and a few judgements; this is several times that. */
const ROLLOUT_ENDS = { timeout: 120_000, interval: 500 };
const AGENTS = ['canary', 'web-1', 'web-2'];
const OTHERS = AGENTS.filter((id) => id !== 'canary');
/** An input Telegraf has, but that the test build does not compile in (scripts/lib/telegraf-binary.mjs). */
const MISSING_INPUT = 'disk';

describeInterop(`real Telegraf agents under a rollout on ${engine}`, (telegraf) => {
  it('reverts by itself a rollout whose canary cannot load the new version: the canary runs the old one again and no other agent ever gets it', async () => {
    const built = execFileSync(telegraf, ['plugins', 'inputs'], { encoding: 'utf8' }).split('\n');
    expect(built, `the Telegraf under test must lack inputs.${MISSING_INPUT}`).not.toContain(`inputs.${MISSING_INPUT}`);
    const { controller, config, agents, save } = await startFleet(telegraf, 'crashing-canary');
    expect(await save(['[[inputs.mem]]', `[[inputs.${MISSING_INPUT}]]`])).toMatchObject({
      version: 2,
      publishedVersion: 1,
    });
    const rollout = await startRollout(controller, config, {
      version: 2,
      cohorts: [
        {
          name: 'canary',
          agents: ['canary'],
          bakeSeconds: CRASHING_BAKE_SECONDS,
          gates: { maxFailPercent: 0, maxNotReportingPercent: 0, minSample: 1 },
        },
        { name: 'everyone', percent: 100, bakeSeconds: CRASHING_BAKE_SECONDS },
      ],
    });

    // The canary's watcher sees its answer change and reloads into version 2, which Telegraf cannot load: it exits,
    // and every restart loads version 2 again and exits again. It fetched the new version and heartbeats no more.
    const canary = agents.get('canary')!;
    await canary.waitFor(new RegExp(`undefined but requested input: ${MISSING_INPUT}`));
    await expect.poll(() => canary.restarts(), FEW_BEATS).toBeGreaterThanOrEqual(2);

    const ended = await pollRollout(controller, config, rollout);
    expect(ended).toMatchObject({
      state: 'reverted',
      step: 0,
      breach: { step: 0, gate: 'notReporting', percent: 100, limit: 0, sample: 1, agents: ['canary'] },
    });
    expect(ended.endedAt).not.toBeNull();
    expect((await controller.asOwner<Config>('GET', `/api/configs/${config.id}`)).publishedVersion).toBe(1);

    // Restarted after the revert, the canary is served version 1, loads it and stays up: its heartbeats arrive and
    // the service manager has nothing more to restart.
    const revertedAt = Date.parse(ended.breach!.at);
    const back = await pollRun(controller, 'canary', (run) => run.version === 1 && fetchedAfter(run, revertedAt));
    expect(back).toMatchObject({ version: 1, basis: 'exact' });
    await expect.poll(() => canary.current().output(), FEW_BEATS).toMatch(/Loaded inputs: mem\n/);
    await expect
      .poll(async () => (await controller.asOwner<Agent>('GET', '/api/agents/canary')).status, FEW_BEATS)
      .toBe('ok');
    const restarts = canary.restarts();
    const beaten = (await beats(controller, 'canary')).length;
    await expect.poll(async () => (await beats(controller, 'canary')).length, FEW_BEATS).toBeGreaterThan(beaten + 3);
    expect(canary.restarts()).toBe(restarts);
    expect(canary.current().process.exitCode).toBeNull();

    // The others were never served version 2: not restarted, never reloaded, last fetched before the rollout began.
    for (const id of OTHERS) {
      const agent = agents.get(id)!;
      expect(agent.restarts()).toBe(0);
      expect(agent.count(/Remote config modified/)).toBe(0);
      expect(agent.count(/undefined but requested input/)).toBe(0);
      expect(agent.current().process.exitCode).toBeNull();
      const run = await pollRun(controller, id, () => true);
      expect(run).toMatchObject({ version: 1, basis: 'exact' });
      expect(Date.parse(run.fetchedAt!)).toBeLessThan(Date.parse(rollout.createdAt));
    }
  }, 240_000);

  it('rolls a loadable version out cohort after cohort while the gates hold, publishes it, and leaves every agent on it', async () => {
    const { controller, config, agents, save } = await startFleet(telegraf, 'healthy');
    expect(await save(['[[inputs.mem]]', '[[inputs.cpu]]'])).toMatchObject({ version: 2, publishedVersion: 1 });
    const rollout = await startRollout(controller, config, {
      version: 2,
      cohorts: [
        { name: 'canary', agents: ['canary'], bakeSeconds: HEALTHY_BAKE_SECONDS, gates: { minSample: 1 } },
        { name: 'everyone', percent: 100, bakeSeconds: HEALTHY_BAKE_SECONDS, gates: { minSample: 2 } },
      ],
    });

    const ended = await pollRollout(controller, config, rollout);
    expect(ended).toMatchObject({ state: 'finished', step: 1, breach: null });
    expect((await controller.asOwner<Config>('GET', `/api/configs/${config.id}`)).publishedVersion).toBe(2);
    const audit = await controller.asOwner<AuditPage>('GET', `/api/audit-logs?target=${config.id}&limit=100`);
    const steps = audit.items.filter((entry) => entry.action.startsWith('rollout.'));
    expect(steps.map((entry) => entry.action)).toEqual(['rollout.finish', 'rollout.advance', 'rollout.start']);
    expect(steps[0]!.details).toMatchObject({ version: 2, sample: 2 });
    expect(steps[1]!.details).toMatchObject({ step: 1, sample: 1 });

    // Each agent reloaded once into version 2 and runs it; the canary fetched it before anyone else was served it.
    const fetched = new Map<string, number>();
    for (const id of AGENTS) {
      const agent = agents.get(id)!;
      await agent.waitFor(/Loaded inputs: cpu mem/);
      const run = await pollRun(controller, id, (shown) => shown.version === 2);
      expect(run).toMatchObject({ version: 2, basis: 'exact', outdated: false });
      fetched.set(id, Date.parse(run.fetchedAt!));
      expect(agent.count(/Remote config modified/)).toBe(1);
      expect(agent.restarts()).toBe(0);
      expect(agent.current().process.exitCode).toBeNull();
    }
    for (const id of OTHERS) expect(fetched.get('canary')!).toBeLessThan(fetched.get(id)!);
  }, 240_000);
});

/**
 * A controller judging rollouts and passing statuses often, agents Not Reporting after the rule's smallest threshold,
 * and a configuration published explicitly (version 1) loaded by three supervised, watching agents that name
 * themselves in their URL.
 */
async function startFleet(telegraf: string, name: string) {
  const controller = await startInteropController({
    fetchRecordIntervalMs: 200,
    rolloutIntervalMs: 200,
    statusCheckIntervalSeconds: 1,
  });
  const [rule] = (await controller.asOwner<ReportingRuleList>('GET', '/api/reporting-rules')).items;
  await controller.asOwner('PATCH', `/api/reporting-rules/${rule!.id}`, {
    notReportingAfterSeconds: NOT_REPORTING_AFTER_SECONDS,
  });
  const token = await controller.token();
  const toml = (inputs: string[]) => agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs });
  const config = await controller.asOwner<Config>('POST', '/api/configs', { name, toml: toml(['[[inputs.mem]]']) });
  await controller.asOwner('PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
  const dir = agentDirectory();
  const agents = new Map<string, SupervisedAgent>();
  for (const id of AGENTS) {
    const url = `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=${id}&metrics_file=${join(dir, id)}`;
    const argv = ['telegraf', '--config', url, '--config-url-watch-interval', '1s'];
    agents.set(id, superviseAgent(telegraf, argv, { TELEGRAF_CONTROLLER_TOKEN: token.token }));
  }
  for (const agent of agents.values()) await agent.waitFor(/Loaded inputs: mem/);
  // Each runs version 1, and has beaten long enough for its watcher to have taken the Last-Modified it compares with.
  for (const id of AGENTS) {
    expect(await pollRun(controller, id, (run) => run.version === 1)).toMatchObject({ version: 1, basis: 'exact' });
    await expect.poll(async () => (await beats(controller, id)).length, FEW_BEATS).toBeGreaterThanOrEqual(3);
  }
  const save = (inputs: string[]) =>
    controller.asOwner<Config>('PATCH', `/api/configs/${config.id}`, { toml: toml(inputs) });
  return { controller, config, agents, save };
}

async function startRollout(controller: InteropController, config: Config, body: RolloutCreate): Promise<Rollout> {
  const rollout = await controller.asOwner<Rollout>('POST', `/api/configs/${config.id}/rollouts`, body);
  expect(rollout).toMatchObject({ state: 'running', step: 0, fromVersion: 1, toVersion: body.version });
  return rollout;
}

/** The rollout once it has ended by itself (finished or reverted). */
async function pollRollout(controller: InteropController, config: Config, rollout: Rollout): Promise<Rollout> {
  let latest = rollout;
  await expect
    .poll(async () => {
      latest = await controller.asOwner<Rollout>('GET', `/api/configs/${config.id}/rollouts/${rollout.id}`);
      return latest.state;
    }, ROLLOUT_ENDS)
    .not.toBe('running');
  return latest;
}

function fetchedAfter(run: ServedVersion, at: number): boolean {
  return run.fetchedAt !== null && Date.parse(run.fetchedAt) > at;
}

/** What the agent runs of its one configuration, once `ready` holds. */
async function pollRun(
  controller: InteropController,
  id: string,
  ready: (run: ServedVersion) => boolean,
): Promise<ServedVersion> {
  let latest: ServedVersion | undefined;
  await expect
    .poll(async () => {
      const list = await controller.asOwner<AgentList>('GET', `/api/agents?limit=500&search=${id}`);
      if (!list.items.some((agent) => agent.id === id)) return false;
      latest = (await controller.asOwner<Agent>('GET', `/api/agents/${id}`)).configs[0]?.runs[0];
      return latest !== undefined && ready(latest);
    }, FEW_BEATS)
    .toBe(true);
  return latest!;
}

/** The statistics of each heartbeat stored for the agent, oldest first. */
function beats(controller: InteropController, id: string): Promise<HeartbeatLogs> {
  return controller.asOwner<HeartbeatLogs>('GET', `/api/heartbeat/agent/${id}/logs`);
}
