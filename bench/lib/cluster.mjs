import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { startNginx } from '../../scripts/lib/nginx.mjs';
import { callApi, configUrl, createConfig } from './api-client.mjs';
import { describeExit } from './child.mjs';
import { sendAtConstantRate } from './constant-rate.mjs';
import { figure, formatCount, formatMs, summarizeLatencies } from './figures.mjs';
import { runAutocannon } from './load.mjs';
import { createBenchDatabase } from './postgres.mjs';
import { startController, stopController } from './servers.mjs';

/** Agents the load cycles over: the first lap creates them, the measured load sends their next beats. */
export const FLEET_SIZE = 20_000;
export const NODES = 3;
const FIRST_LAP_RATE = 4000;
const SATURATION_CONNECTIONS = 64;
const LIST_REQUESTS = 200;
const LIST_WARMUP = 20;

/** Three nodes' start, the first lap, two loads of the bench duration and the list requests. */
export const estimateSeconds = (settings) => 60 + 2 * (settings.warmupSeconds + settings.durationSeconds);

/**
 * Three controllers (`HA_ENABLED`) on one PostgreSQL database behind nginx with `deploy/nginx.conf`, all on this
 * machine: heartbeat ingest at saturation through nginx and, for comparison in the same run, straight to one node;
 * then `GET /api/agents` through nginx. Reported as is: two cores shared by three nodes, nginx, PostgreSQL and the
 * load generator do not scale; the figures are for regressions and for correctness under load (every agent stored).
 */
export async function measureCluster(settings) {
  const notes = [];
  const problems = [];
  const figures = [];
  const database = await createBenchDatabase();
  const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
  const env = {
    OWNER_USERNAME: 'bench-owner',
    OWNER_EMAIL: 'bench@example.test',
    OWNER_PASSWORD: 'bench-owner-password',
    OWNER_TOKEN: token,
    HA_ENABLED: 'true',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    TRUST_PROXY: 'loopback',
  };
  const nodes = [];
  let balancer;
  try {
    for (let i = 0; i < NODES; i += 1) nodes.push(await startController({ env, database: database.url }));
    const hostPort = (url) => url.replace('http://', '');
    balancer = await startNginx({
      api: nodes.map((node) => hostPort(node.apiUrl)),
      heartbeat: nodes.map((node) => hostPort(node.heartbeatUrl)),
    });
    const authorization = `Bearer ${token}`;
    const headers = { authorization, 'content-type': 'application/json' };
    const configUrls = [configUrl(await createConfig(balancer.api, token, 'bench-cluster'))];
    const url = `${balancer.heartbeat}/agents/heartbeat`;

    const began = performance.now();
    const lap = await sendAtConstantRate({
      url,
      rate: FIRST_LAP_RATE,
      seconds: FLEET_SIZE / FIRST_LAP_RATE,
      connections: SATURATION_CONNECTIONS,
      headers,
      bodyOf: (n) => JSON.stringify(heartbeat(n, 0, { configUrls })),
    });
    const created = await waitForAgents(balancer.api, token, FLEET_SIZE);
    notes.push(
      `first lap through nginx: ${formatCount(FLEET_SIZE)} new agents at ${formatCount(FIRST_LAP_RATE)}/s ` +
        `(${JSON.stringify(lap.statusCounts)}, ${lap.errors} errors), ${formatCount(created)} stored ` +
        `${((performance.now() - began) / 1000).toFixed(1)} s after the first was sent`,
    );

    let next = FLEET_SIZE;
    const load = (target, seconds) =>
      runAutocannon({
        url: target,
        method: 'POST',
        headers,
        connections: SATURATION_CONNECTIONS,
        pipelining: 1,
        duration: seconds,
        requests: [
          {
            setupRequest(request) {
              const n = next++;
              const body = JSON.stringify(heartbeat(n % FLEET_SIZE, Math.floor(n / FLEET_SIZE), { configUrls }));
              return { ...request, body };
            },
          },
        ],
      });
    for (const [label, target] of [
      [`${NODES} nodes through nginx`, url],
      ['one node, straight', `${nodes[0].heartbeatUrl}/agents/heartbeat`],
    ]) {
      await load(target, settings.warmupSeconds);
      const result = await load(target, settings.durationSeconds);
      const rate = result.requests.average;
      figures.push(
        figure(`heartbeats/s, ${label}`, rate, {
          shown: `${formatCount(rate)}/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms)`,
        }),
      );
      if (result.non2xx > 0 || result.errors > 0) {
        notes.push(`${label}: ${result.non2xx} answers other than 2xx, ${result.errors} errors`);
      }
    }
    const stored = await waitForAgents(balancer.api, token, FLEET_SIZE);
    figures.push(
      figure('agents after the loads', stored, {
        shown: formatCount(stored),
        target: { label: 'the fleet, each agent once', isMet: (value) => value === FLEET_SIZE },
      }),
    );

    const list = await measureList(`${balancer.api}/api/agents?limit=25`, authorization);
    figures.push(
      figure('GET /api/agents?limit=25 through nginx', list.p99Ms, {
        shown: `${formatMs(list.p50Ms)} / ${formatMs(list.p99Ms)} ms (p50 / p99)`,
      }),
    );
    notes.push(
      `${NODES} controller processes (HA_ENABLED) on one PostgreSQL database, nginx with deploy/nginx.conf ` +
        '(addresses and ports changed), the load generator and PostgreSQL on the same two cores',
      `ingest: ${SATURATION_CONNECTIONS} connections for ${settings.durationSeconds} s each, heartbeats of the ` +
        `${formatCount(FLEET_SIZE)} agents in turn (bodies from scripts/lib/fleet.mjs), each after a ` +
        `${settings.warmupSeconds} s warm-up of the same load; the list: ${LIST_REQUESTS} sequential requests over one ` +
        `keep-alive connection after ${LIST_WARMUP}`,
    );
  } finally {
    await balancer?.stop();
    for (const node of nodes) {
      const exit = await stopController(node);
      if (exit.code !== 0) problems.push(`a node did not exit 0 on SIGTERM (${describeExit(exit)})`);
    }
    await database.drop();
  }
  return { figures, notes, problems };
}

/** The agent total once it reaches `expected` or stops growing for 5 s. */
async function waitForAgents(apiUrl, token, expected) {
  let total = -1;
  let changedAt = Date.now();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(500)) {
    const now = (await callApi(apiUrl, token, 'GET', '/api/agents?limit=1')).total;
    if (now !== total) changedAt = Date.now();
    total = now;
    if (total >= expected || Date.now() - changedAt > 5000) break;
  }
  return total;
}

async function measureList(url, authorization) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  try {
    for (let n = 0; n < LIST_WARMUP + LIST_REQUESTS; n += 1) {
      const began = performance.now();
      const status = await new Promise((resolve, reject) => {
        http
          .get(url, { agent, headers: { authorization }, timeout: 30_000 }, (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode));
          })
          .on('error', reject);
      });
      if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
      if (n >= LIST_WARMUP) latencies.push(performance.now() - began);
    }
  } finally {
    agent.destroy();
  }
  return summarizeLatencies(latencies);
}
