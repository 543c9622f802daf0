import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { heartbeat } from '../../../scripts/lib/fleet.mjs';
import { releaseAfterTest } from '../harness.js';
import { FAILING_EXEC } from './agent-configs.js';
import { agentDirectory, describeInterop, startAgent } from './telegraf-agent.js';

/** Every key path of a JSON value with the type found there (`logs[].level: string`); arrays merge their items. */
function shapeOf(value: unknown, path = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) shapeOf(item, `${path}[]`, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // Log attributes are the agent's own free-form data: their keys are not part of the shape.
      if (key === 'attributes') into.add(`${path}.${key}: object`);
      else shapeOf(inner, `${path}.${key}`, into);
    }
  } else {
    into.add(`${path}: ${Number.isInteger(value) ? 'integer' : typeof value}`);
  }
  return into;
}

describeInterop('the fleet simulator against a real agent', (telegraf) => {
  it("sends heartbeats with the real agent's keys and types", async () => {
    const bodies: unknown[] = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        bodies.push(JSON.parse(text));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    releaseAfterTest(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;

    const dir = agentDirectory();
    const config = join(dir, 'telegraf.conf');
    writeFileSync(
      config,
      [
        '[agent]\n  interval = "1s"\n  flush_interval = "1s"',
        '[[inputs.mem]]',
        ...FAILING_EXEC,
        '[[outputs.discard]]',
        '[[outputs.heartbeat]]',
        `  url = "http://127.0.0.1:${port}/agents/heartbeat"`,
        '  instance_id = "real-agent"',
        '  interval = "1s"',
        '  include = ["hostname", "statistics", "configs", "logs", "status"]',
        '  [outputs.heartbeat.status]\n    warn = "log_errors > 0"\n    order = ["warn"]',
        '',
      ].join('\n'),
    );
    startAgent(telegraf, ['telegraf', '--config', config]);
    await expect
      .poll(() => bodies.some((body) => (body as { logs?: unknown[] }).logs?.length), { timeout: 30_000 })
      .toBe(true);

    const real = shapeOf(bodies.find((body) => (body as { logs?: unknown[] }).logs?.length));
    const simulated = new Set<string>();
    for (let i = 0; i < 200; i += 1)
      shapeOf(heartbeat(i, 1, { configUrls: ['http://ctl/api/configs/x/toml'] }), '', simulated);
    // `last` is sent only after a refused heartbeat, so a healthy real agent may not show it.
    expect([...simulated].filter((path) => !real.has(path)).sort()).toEqual([]);
    expect([...real].filter((path) => !simulated.has(path)).sort()).toEqual([]);
  }, 90_000);
});
