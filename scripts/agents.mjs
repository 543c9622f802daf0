#!/usr/bin/env node
// Starts N real Telegraf agents against a running controller, for demos and manual testing; Ctrl-C stops them all.
//
//   TELEGRAF_CONTROLLER_TOKEN=tc-apiv1_… npm run agents -- --count 5 --config edge-linux
//
// With --config (an id or an alias) each agent loads that configuration from the controller, watching it, with its
// own `agent_id` and `hostname` parameters (agent-1, agent-2, …). Without it each runs a small local configuration
// that only reports heartbeats. The token must hold configs:read and heartbeat:write (the Telegraf agent preset).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { telegrafBinary } from './lib/telegraf-binary.mjs';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3' },
    config: { type: 'string' },
    url: { type: 'string', default: 'http://localhost:8888' },
    'heartbeat-url': { type: 'string', default: 'http://localhost:8000/agents/heartbeat' },
    prefix: { type: 'string', default: 'agent' },
    'watch-interval': { type: 'string', default: '30s' },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 1000) fail('--count must be a whole number from 1 to 1000');
const token = process.env.TELEGRAF_CONTROLLER_TOKEN;
if (!token) fail('set TELEGRAF_CONTROLLER_TOKEN to a token of the Telegraf agent preset');
const telegraf = telegrafBinary();
if (!telegraf) fail('no Telegraf binary: run "npm run telegraf:build" first, or set TELEGRAF_BIN');

const dir = mkdtempSync(join(tmpdir(), 'tc-agents-'));
const base = values.url.replace(/\/+$/, '');
const agents = [];
for (let i = 1; i <= count; i += 1) {
  const id = `${values.prefix}-${i}`;
  let source;
  if (values.config) {
    const query = new URLSearchParams({ agent_id: id, hostname: id });
    source = `${base}/api/configs/${encodeURIComponent(values.config)}/toml?${query}`;
  } else {
    source = join(dir, `${id}.conf`);
    writeFileSync(source, localConfig(id, values['heartbeat-url']));
  }
  const args = ['--config', source];
  if (values.config)
    args.push('--config-url-watch-interval', values['watch-interval'], '--config-url-retry-attempts', '-1');
  const child = spawn(telegraf, args, { env: { ...process.env, TELEGRAF_CONTROLLER_TOKEN: token }, stdio: 'pipe' });
  child.stdout.on('data', (chunk) => prefixLines(id, chunk));
  child.stderr.on('data', (chunk) => prefixLines(id, chunk));
  child.on('exit', (code, signal) => console.log(`[${id}] exited (${signal ?? code})`));
  agents.push(child);
}
console.log(
  `[agents] ${count} Telegraf agents running (${values.config ? `configuration ${values.config}` : 'local heartbeat-only configuration'}); Ctrl-C stops them`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const child of agents) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of agents) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }, 3_000).unref();
  Promise.all(
    agents.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)))),
  ).then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

function localConfig(id, heartbeatUrl) {
  return [
    '[agent]',
    '  interval = "10s"',
    `  hostname = "${id}"`,
    '[[inputs.mem]]',
    '[[outputs.discard]]',
    '[[outputs.heartbeat]]',
    `  url = "${heartbeatUrl}"`,
    `  instance_id = "${id}"`,
    '  token = "${TELEGRAF_CONTROLLER_TOKEN}"',
    '  interval = "10s"',
    '  include = ["hostname", "statistics", "configs", "logs", "status"]',
    '',
  ].join('\n');
}

function prefixLines(id, chunk) {
  for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) console.log(`[${id}] ${line}`);
}

function fail(message) {
  console.error(`[agents] ${message}`);
  process.exit(1);
}
