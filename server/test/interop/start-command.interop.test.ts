import type { Agent, LatestHeartbeat } from '@telegraf-controller/contract/agents';
import type { Config, StartCommand } from '@telegraf-controller/contract/configs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TELEGRAF_VERSION } from '../../../scripts/lib/telegraf-binary.mjs';
import { engine } from '../harness.js';
import { FAILING_EXEC, agentToml, withAgentToken } from './agent-configs.js';
import { startInteropController } from './interop-controller.js';
import { agentDirectory, describeInterop, startAgent } from './telegraf-agent.js';

describeInterop(`a real Telegraf started by the generated command on ${engine}`, (telegraf) => {
  it('loads its configuration with parameters filled in, writes metrics and reports every heartbeat field', async () => {
    const controller = await startInteropController();
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'interop-edge',
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs: ['[[inputs.mem]]', ...FAILING_EXEC] }),
    });
    const token = await controller.token();
    const dir = agentDirectory();
    const metrics = join(dir, 'metrics.out');
    const query = new URLSearchParams({ os: 'linux', agent_id: 'interop-a1', metrics_file: metrics });
    const start = await controller.asOwner<StartCommand>('GET', `/api/configs/${config.id}/command?${query}`);
    expect(start.missing).toEqual([]);
    expect(start.command).toContain("export TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'");

    // The command exactly as the dialog shows it, with the token in its line, run by a shell.
    const agent = startAgent(telegraf, ['bash', '-c', withAgentToken(start.command, token.token)]);
    await agent.waitFor(/Loaded inputs: .*mem/);
    await expect
      .poll(() => existsSync(metrics) && readFileSync(metrics, 'utf8'), { timeout: 20_000 })
      .toMatch(/^mem,/m);

    // Its heartbeats: id, hostname, version, the configuration link and version, statistics, logs and status.
    const seen = await pollAgent(
      controller,
      'interop-a1',
      (found) => found.statistics !== null && found.status === 'warn',
    );
    expect(seen.version).toMatch(new RegExp(`^Telegraf ${TELEGRAF_VERSION.replaceAll('.', '\\.')}`));
    expect(seen.hostname).toBeTruthy();
    expect(seen.reportedStatus).toBe('warn');
    expect(seen.configs).toEqual([
      expect.objectContaining({ kind: 'managed', configId: config.id, configName: 'interop-edge', version: 1 }),
    ]);
    expect(seen.statistics!.errors).toBeGreaterThan(0);
    const heartbeat = await controller.asOwner<LatestHeartbeat>(
      'GET',
      '/api/heartbeat/agent/interop-a1/latest-heartbeat',
    );
    expect(heartbeat?.configurations).toEqual([expect.stringContaining(`/api/configs/${config.id}/toml?`)]);
    expect(heartbeat?.logs.some((log) => log.level === 'ERROR' && log.source === 'inputs.exec')).toBe(true);
  }, 90_000);

  it('runs a configuration created from the starting template as it is', async () => {
    const controller = await startInteropController();
    await controller.asOwner('PATCH', '/api/settings', {
      publicHeartbeatUrl: controller.heartbeatUrl.replace(/\/agents\/heartbeat$/, ''),
    });
    const config = await controller.asOwner<Config>('POST', '/api/configs', { name: 'from-template' });
    const token = await controller.token();
    const url = `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=templated`;
    const agent = startAgent(telegraf, ['telegraf', '--config', url], { TELEGRAF_CONTROLLER_TOKEN: token.token });
    await agent.waitFor(/Loaded inputs: internal/);
    await agent.waitFor(/\[agent\] Config: Interval/);
    expect(agent.output()).not.toMatch(/no inputs found|Error running agent/);
    expect(agent.process.exitCode).toBeNull();
  }, 90_000);

  it('also sends heartbeats with the token written into the plugin, and loads with INFLUX_TOKEN as agents before 1.39 do', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    const toml = agentToml({ heartbeatUrl: controller.heartbeatUrl }).replace(
      'token = "${TELEGRAF_CONTROLLER_TOKEN}"',
      `token = "${token.token}"`,
    );
    const config = await controller.asOwner<Config>('POST', '/api/configs', { name: 'literal-token', toml });
    const dir = agentDirectory();
    const url = `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=interop-influx&metrics_file=${join(dir, 'm.out')}`;
    startAgent(telegraf, ['telegraf', '--config', url], { INFLUX_TOKEN: token.token });
    const seen = await pollAgent(controller, 'interop-influx', (found) => found.configs.length > 0);
    expect(seen.configs[0]).toMatchObject({ configId: config.id, version: 1 });
  }, 90_000);
});

/** The agent as the API shows it, once `ready` holds (heartbeats arrive every second). */
async function pollAgent(
  controller: Awaited<ReturnType<typeof startInteropController>>,
  id: string,
  ready: (agent: Agent) => boolean,
): Promise<Agent> {
  let latest: Agent | undefined;
  await expect
    .poll(
      async () => {
        const list = await controller.asOwner<{ items: Array<{ id: string }> }>('GET', '/api/agents?limit=500');
        if (!list.items.some((item) => item.id === id)) return false;
        latest = await controller.asOwner<Agent>('GET', `/api/agents/${encodeURIComponent(id)}`);
        return ready(latest);
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  return latest!;
}
