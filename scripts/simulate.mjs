// `npm run simulate -- --agents 100000 --interval 60`: plays a fleet of Telegraf agents against a running controller.
// Each agent sends a schema-v1 heartbeat every interval, spread evenly over it, with the token in
// TELEGRAF_CONTROLLER_TOKEN (or --token). Prints what was sent and how the controller answered every 5 seconds.
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';
import { heartbeat } from './lib/fleet.mjs';

const HELP = `Usage: npm run simulate -- [options]

  --agents N          agents in the fleet (default 1000)
  --interval S        seconds between two heartbeats of one agent (default 60)
  --url URL           heartbeat endpoint (default http://127.0.0.1:8000/agents/heartbeat)
  --token T           API token with heartbeat:write (default: $TELEGRAF_CONTROLLER_TOKEN)
  --config-url URL    a controller config URL the agents report loading (repeatable)
  --duration S        stop after S seconds (default: run until Ctrl-C)
  --connections N     concurrent connections (default 64)
`;

function options() {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string', default: '1000' },
      interval: { type: 'string', default: '60' },
      url: { type: 'string', default: 'http://127.0.0.1:8000/agents/heartbeat' },
      token: { type: 'string', default: process.env.TELEGRAF_CONTROLLER_TOKEN ?? '' },
      'config-url': { type: 'string', multiple: true, default: [] },
      duration: { type: 'string' },
      connections: { type: 'string', default: '64' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const number = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) {
      process.stderr.write(`--${name} must be a number of at least ${min} (got "${values[name]}")\n`);
      process.exit(2);
    }
    return value;
  };
  if (!values.token) {
    process.stderr.write(
      'A token with heartbeat:write is needed: create one with the "Telegraf agent" preset on the API Tokens page,\n' +
        'then pass --token or set TELEGRAF_CONTROLLER_TOKEN.\n',
    );
    process.exit(2);
  }
  return {
    agents: Math.floor(number('agents', 1)),
    intervalMs: number('interval', 1) * 1000,
    url: new URL(values.url),
    token: values.token,
    configUrls: values['config-url'],
    durationMs: values.duration === undefined ? Infinity : number('duration', 1) * 1000,
    connections: Math.floor(number('connections', 1)),
  };
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const settings = options();
  const transport = settings.url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: settings.connections });
  const stats = { sent: 0, accepted: 0, refused: new Map(), failed: 0, latencies: [], inFlight: 0 };
  const started = Date.now();
  const beats = new Uint32Array(settings.agents);

  const send = (i) => {
    const body = JSON.stringify(heartbeat(i, beats[i]++, { configUrls: settings.configUrls }));
    const began = performance.now();
    stats.sent++;
    stats.inFlight++;
    const request = transport.request(settings.url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'Telegraf/1.37.0 Go/1.24.0 (simulated)',
        authorization: `Bearer ${settings.token}`,
      },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        stats.inFlight--;
        stats.latencies.push(performance.now() - began);
        if (response.statusCode >= 200 && response.statusCode < 300) stats.accepted++;
        else stats.refused.set(response.statusCode, (stats.refused.get(response.statusCode) ?? 0) + 1);
      });
    });
    request.on('error', () => {
      stats.inFlight--;
      stats.failed++;
    });
    request.end(body);
  };

  // Agent i beats at offsets i * interval / agents within every interval, as a real fleet spreads out.
  const spacing = settings.intervalMs / settings.agents;
  let next = 0;
  const tick = setInterval(() => {
    const elapsed = Date.now() - started;
    if (elapsed >= settings.durationMs) return;
    const due = Math.floor(elapsed / spacing);
    // Never queue without bound when the controller is slower than the fleet: skip beats instead.
    while (next <= due && stats.inFlight < settings.connections * 4) send(next++ % settings.agents);
    if (next <= due) next = due + 1;
  }, 5);

  let lastSent = 0;
  const report = setInterval(() => {
    const sorted = stats.latencies.sort((a, b) => a - b);
    const refused = [...stats.refused].map(([code, count]) => `${code}×${count}`).join(' ') || 'none';
    console.log(
      `${Math.round((Date.now() - started) / 1000)} s: ${stats.sent} sent (${Math.round((stats.sent - lastSent) / 5)}/s), ` +
        `${stats.accepted} accepted, refused ${refused}, ${stats.failed} failed; ` +
        `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
    lastSent = stats.sent;
    stats.latencies = [];
  }, 5000);

  const stop = () => {
    clearInterval(tick);
    clearInterval(report);
    agent.destroy();
    console.log(`stopped: ${stats.sent} sent, ${stats.accepted} accepted`);
    process.exit(stats.failed > 0 && stats.accepted === 0 ? 1 : 0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(
    `simulating ${settings.agents} agents, one heartbeat each every ${settings.intervalMs / 1000} s ` +
      `(${(settings.agents / (settings.intervalMs / 1000)).toFixed(1)}/s) to ${settings.url}`,
  );
  if (Number.isFinite(settings.durationMs)) setTimeout(stop, settings.durationMs + 2000);
}

await main();
