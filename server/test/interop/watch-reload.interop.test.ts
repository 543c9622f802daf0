import type { Config } from '@telegraf-controller/contract/configs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { engine } from '../harness.js';
import { agentToml } from './agent-configs.js';
import { startInteropController } from './interop-controller.js';
import { agentDirectory, describeInterop, startAgent } from './telegraf-agent.js';

const RELOADED = /Remote config modified/g;
/** Watcher polls a second apart: a few polls is this long. */
const FEW_POLLS_MS = 4_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeInterop(`a real Telegraf watching its configuration URL on ${engine}`, (telegraf) => {
  it('reloads once on a saved change, not while nothing changes, and never because of a revoked token', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'watched',
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl }),
    });
    const metrics = join(agentDirectory(), 'metrics.out');
    const url = `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=watcher&metrics_file=${metrics}`;
    const agent = startAgent(
      telegraf,
      ['telegraf', '--config', url, '--config-url-watch-interval', '1s', '--config-url-retry-attempts', '1'],
      { TELEGRAF_CONTROLLER_TOKEN: token.token },
    );
    await agent.waitFor(/Loaded inputs: mem/);

    // Nothing changed: the watcher's HEADs find the same Last-Modified, however often it asks.
    await pause(FEW_POLLS_MS);
    expect(agent.count(RELOADED)).toBe(0);
    // Saving the same TOML again changes nothing an agent sees either.
    await controller.asOwner('PATCH', `/api/configs/${config.id}`, {
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl }),
    });
    await pause(FEW_POLLS_MS);
    expect(agent.count(RELOADED)).toBe(0);

    // A real change: reloaded once, running the new inputs, and reporting the new version.
    await controller.asOwner('PATCH', `/api/configs/${config.id}`, {
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs: ['[[inputs.mem]]', '[[inputs.cpu]]'] }),
    });
    await agent.waitFor(/Loaded inputs: cpu mem/, 20_000);
    await expect.poll(() => readFileSync(metrics, 'utf8'), { timeout: 20_000 }).toMatch(/^cpu,/m);
    await expect
      .poll(
        async () =>
          (await controller.asOwner<{ configs: Array<{ version?: number }> }>('GET', '/api/agents/watcher')).configs[0]
            ?.version,
        { timeout: 20_000 },
      )
      .toBe(2);
    await pause(FEW_POLLS_MS);
    expect(agent.count(RELOADED)).toBe(1);

    // Revoked: the watcher's HEAD gets a 401 without Last-Modified, which never counts as a change; the agent keeps
    // running what it loaded, and a change saved meanwhile is not picked up (the next start would fail to load).
    await controller.asOwner('POST', `/api/tokens/${token.id}/revoke`);
    await agent.waitFor(/Last-Modified header not found/, 20_000);
    await controller.asOwner('PATCH', `/api/configs/${config.id}`, {
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs: ['[[inputs.cpu]]'] }),
    });
    await pause(FEW_POLLS_MS);
    expect(agent.count(RELOADED)).toBe(1);
    expect(agent.process.exitCode).toBeNull();
  }, 120_000);
});
