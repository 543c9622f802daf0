import type { Config } from '@telegraf-controller/contract/configs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeSelfSignedCertificate } from '../certificates.js';
import { engine } from '../harness.js';
import { agentToml } from './agent-configs.js';
import { startInteropController } from './interop-controller.js';
import { agentDirectory, describeInterop, startAgent } from './telegraf-agent.js';

/** A certificate for 127.0.0.1 that is its own authority: the agent is told to trust it, and nothing else does. */
function testCertificate(dir: string): { cert: string; key: string } {
  const files = { cert: join(dir, 'controller.pem'), key: join(dir, 'controller.key') };
  writeSelfSignedCertificate(files, '127.0.0.1', '127.0.0.1');
  return files;
}

describeInterop(`a real Telegraf over HTTPS on ${engine}`, (telegraf) => {
  it('loads its configuration and sends heartbeats over TLS to a controller started with a certificate', async () => {
    const dir = agentDirectory();
    const files = testCertificate(dir);
    const controller = await startInteropController({
      tls: { cert: readFileSync(files.cert), key: readFileSync(files.key) },
    });
    expect(controller.apiUrl).toMatch(/^https:/);
    const token = await controller.token();
    const config = await controller.asOwner<Config>('POST', '/api/configs', {
      name: 'over-tls',
      toml: agentToml({ heartbeatUrl: controller.heartbeatUrl, heartbeatTls: [`  tls_ca = "${files.cert}"`] }),
    });
    const metrics = join(dir, 'metrics.out');
    const url = `${controller.apiUrl}/api/configs/${config.id}/toml?agent_id=tls-agent&metrics_file=${metrics}`;
    // The URL loader trusts only the system pool: SSL_CERT_FILE names the test authority, as an operator would.
    startAgent(telegraf, ['telegraf', '--config', url], {
      TELEGRAF_CONTROLLER_TOKEN: token.token,
      SSL_CERT_FILE: files.cert,
    });
    await expect
      .poll(() => existsSync(metrics) && readFileSync(metrics, 'utf8'), { timeout: 20_000 })
      .toMatch(/^mem,/m);
    await expect
      .poll(
        async () =>
          (await controller.asOwner<{ items: Array<{ id: string }> }>('GET', '/api/agents')).items.map(
            (agent) => agent.id,
          ),
        { timeout: 20_000 },
      )
      .toEqual(['tls-agent']);
  }, 90_000);
});
