import type { Agent } from '@telegraf-controller/contract/agents';
import type { Config, ConfigGroup } from '@telegraf-controller/contract/configs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { engine } from '../harness.js';
import { agentToml } from './agent-configs.js';
import { startInteropController } from './interop-controller.js';
import { agentDirectory, describeInterop, startAgent } from './telegraf-agent.js';

describeInterop(`groups, aliases and constants served to a real Telegraf on ${engine}`, (telegraf) => {
  it('loads and runs a group by its alias at /c/{alias}, with a constant filled in, and links it to the group', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    await controller.asOwner('POST', '/api/constants', { name: 'SITE', value: 'edge-7' });
    // The outputs in one member, the inputs (tagged with the constant) in another: only their merge runs.
    const outputs = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'fleet-outputs',
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl, inputs: [] }),
    });
    const inputs = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'fleet-inputs',
      toml: '[[inputs.mem]]\n  [inputs.mem.tags]\n    site = "::{SITE}"\n',
    });
    const group = await controller.asOwner<ConfigGroup>('POST', '/api/config-groups', {
      name: 'fleet',
      configIds: [outputs.id, inputs.id],
    });
    await controller.asOwner('POST', `/api/config-groups/${group.id}/aliases`, { alias: 'edge-fleet' });

    const metrics = join(agentDirectory(), 'metrics.out');
    const url = `${controller.apiUrl}/c/edge-fleet?agent_id=grouped&metrics_file=${metrics}`;
    startAgent(telegraf, ['telegraf', '--config', url], { TELEGRAF_CONTROLLER_TOKEN: token.token });
    await expect
      .poll(() => existsSync(metrics) && readFileSync(metrics, 'utf8'), { timeout: 20_000 })
      .toMatch(/^mem,.*site=edge-7/m);
    await expect
      .poll(
        async () => {
          const list = await controller.asOwner<{ items: Array<{ id: string }> }>('GET', '/api/agents');
          if (!list.items.some((agent) => agent.id === 'grouped')) return undefined;
          return (await controller.asOwner<Agent>('GET', '/api/agents/grouped')).configs[0]?.groupId;
        },
        { timeout: 20_000 },
      )
      .toBe(group.id);
  }, 90_000);

  it('loads a configuration by its alias in place of the id', async () => {
    const controller = await startInteropController();
    const token = await controller.token();
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'by-alias',
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl }),
    });
    await controller.asOwner('POST', `/api/configs/${config.id}/aliases`, { alias: 'edge-base' });
    const metrics = join(agentDirectory(), 'metrics.out');
    const url = `${controller.apiUrl}/api/configs/edge-base/toml?agent_id=aliased&metrics_file=${metrics}`;
    startAgent(telegraf, ['telegraf', '--config', url], { TELEGRAF_CONTROLLER_TOKEN: token.token });
    await expect
      .poll(() => existsSync(metrics) && readFileSync(metrics, 'utf8'), { timeout: 20_000 })
      .toMatch(/^mem,/m);
    await expect
      .poll(
        async () => {
          const list = await controller.asOwner<{ items: Array<{ id: string }> }>('GET', '/api/agents');
          if (!list.items.some((agent) => agent.id === 'aliased')) return undefined;
          return (await controller.asOwner<Agent>('GET', '/api/agents/aliased')).configs[0];
        },
        { timeout: 20_000 },
      )
      .toMatchObject({ configId: config.id, version: 1 });
  }, 90_000);
});
