import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { callApi, configUrl, createConfig } from './api-client.mjs';
import { atLeast, figure, formatCount } from './figures.mjs';
import { startFleetController } from './fleet-controller.mjs';
import { measureAgainstBaseline } from './load.mjs';

/** People's writes come a few at a time: connections sending their next write as soon as one is answered. */
const WRITE_CONNECTIONS = 8;
const HEARTBEAT_CONNECTIONS = 64;
/** Agents the heartbeat load cycles over (created by the warm-up). */
const AGENTS = 10_000;
/**
 * Each connection saves its own configuration: two saves of one configuration at once are a race, and the later
 * is refused with 409 (a connection of a later round takes the next ones, so none is shared in one round).
 */
const CONFIGS = 4 * WRITE_CONNECTIONS;

/** Seconds for three loads of both sides (warm-up and rounds) and the start of two controllers, roughly. */
export function estimateSeconds(settings) {
  return 3 * 2 * (settings.durationSeconds + settings.warmupSeconds) + 20;
}

/**
 * What the audit log costs (ADR 25): two controllers on `engine`, one recording (`AUDIT_ENABLED=true`, the default)
 * and one not, loaded in alternating rounds with the same requests: configuration saves (`PATCH` with a new TOML
 * each time, each connection on its own configuration, so that no two saves race: a version, a diff and, on one side, an entry
 * written under the chain's lock), token creations, and heartbeats, which are not audited and must not slow down.
 */
export async function measureAuditCost(settings, engine) {
  const notes = [];
  const problems = [];
  const figures = [];
  const tables = [];
  const audited = await startFleetController(engine, { AUDIT_ENABLED: 'true', LOG_LEVEL: 'warn' });
  let plain;
  try {
    plain = await startFleetController(engine, { AUDIT_ENABLED: 'false', LOG_LEVEL: 'warn' });
    const sides = { controller: audited, baseline: plain };
    const configs = {};
    for (const [side, controller] of Object.entries(sides)) {
      configs[side] = [];
      for (let i = 0; i < CONFIGS; i++) {
        configs[side].push(await createConfig(controller.apiUrl, controller.token, `bench-audit-${i}`));
      }
    }
    const headersOf = (controller) => ({ authorization: controller.authorization, 'content-type': 'application/json' });
    let n = 0;
    let slots = 0;
    const loads = [
      {
        label: 'configuration saves',
        connections: WRITE_CONNECTIONS,
        urls: (side) => `${sides[side].apiUrl}/api/configs/${configs[side][0]}`,
        path: (side, slot) => `/api/configs/${configs[side][slot]}`,
        method: 'PATCH',
        body: () => ({ toml: `# save ${n++}\n[agent]\n  interval = "10s"\n\n[[inputs.cpu]]\n` }),
      },
      {
        label: 'token creations',
        connections: WRITE_CONNECTIONS,
        urls: (side) => `${sides[side].apiUrl}/api/tokens`,
        method: 'POST',
        body: () => ({ name: `bench token ${n++}`, permissions: ['configs:read'] }),
      },
      {
        label: 'heartbeats (not audited)',
        connections: HEARTBEAT_CONNECTIONS,
        urls: (side) => `${sides[side].heartbeatUrl}/agents/heartbeat`,
        method: 'POST',
        body: () => heartbeat(n % AGENTS, Math.floor(n++ / AGENTS), { configUrls: [configUrl('bench')] }),
      },
    ];
    for (const load of loads) {
      const requests = (side, path) => [
        {
          method: load.method,
          headers: headersOf(sides[side]),
          ...(path === undefined ? {} : { path }),
          setupRequest: (each) => ({ ...each, body: JSON.stringify(load.body()) }),
        },
      ];
      // A path of its own per connection: set when autocannon makes the connection.
      const request = (side) => ({
        request: load.path
          ? { setupClient: (client) => client.setRequests(requests(side, load.path(side, slots++ % CONFIGS))) }
          : { headers: headersOf(sides[side]), requests: requests(side) },
      });
      const measured = await measureAgainstBaseline(
        { controller: load.urls('controller'), baseline: load.urls('baseline') },
        settings,
        { method: load.method, connections: load.connections },
        { controller: request('controller'), baseline: request('baseline') },
      );
      for (const [side, stats] of Object.entries(measured)) {
        if (stats.errors + stats.timeouts + stats.unexpected > 0) {
          problems.push(
            `${load.label}, audit ${side === 'controller' ? 'on' : 'off'}: ${stats.errors} errors, ` +
              `${stats.timeouts} timeouts, answers ${JSON.stringify(stats.statusCounts)}`,
          );
        }
      }
      const ratio = measured.controller.requestsPerSec / measured.baseline.requestsPerSec;
      const shown =
        `${formatCount(measured.controller.requestsPerSec)}/s vs ${formatCount(measured.baseline.requestsPerSec)}/s ` +
        `(${(ratio * 100).toFixed(1)} %)`;
      const heartbeats = load.label.startsWith('heartbeats');
      figures.push(
        figure(`${load.label}: audit on vs off`, ratio, {
          shown,
          target: heartbeats ? atLeast(0.9, 'unchanged (≥ 90 % of audit off)') : null,
        }),
      );
      tables.push([
        load.label,
        String(load.connections),
        ...['controller', 'baseline'].flatMap((side) => [
          formatCount(measured[side].requestsPerSec),
          `${measured[side].latencyP50Ms} / ${measured[side].latencyP99Ms}`,
        ]),
      ]);
    }
    const entries = await callApi(audited.apiUrl, audited.token, 'GET', '/api/audit-logs?limit=1');
    const verification = await callApi(audited.apiUrl, audited.token, 'GET', '/api/audit-logs/verify');
    notes.push(
      `the audited controller wrote ${formatCount(entries.total)} entries; its chain verifies: ${verification.ok} ` +
        `(${formatCount(verification.checked)} walked)`,
    );
    if (!verification.ok) problems.push(`the chain does not verify: ${JSON.stringify(verification.broken)}`);
    notes.push(
      `both controllers on ${engine === 'sqlite' ? 'their own SQLite file' : 'their own PostgreSQL database'}, ` +
        'loaded in alternating rounds (on, off, off, on), each side its own configuration',
    );
  } finally {
    problems.push(...(await audited.stop()));
    if (plain !== undefined) problems.push(...(await plain.stop()));
  }
  return {
    figures,
    tables: [
      {
        title: 'Rates and latencies',
        columns: ['load', 'connections', 'audit on: req/s', 'p50 / p99 ms', 'audit off: req/s', 'p50 / p99 ms'].map(
          (header, i) => ({ header, align: i === 0 ? 'left' : 'right' }),
        ),
        rows: tables,
      },
    ],
    notes,
    problems,
  };
}
