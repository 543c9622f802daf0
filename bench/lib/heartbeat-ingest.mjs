import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { callApi, configUrl, createConfig } from './api-client.mjs';
import { stopServer } from './child.mjs';
import { below, figure, formatCount } from './figures.mjs';
import { sendAtConstantRate } from './constant-rate.mjs';
import { startFleetController } from './fleet-controller.mjs';
import { measureAgainstBaseline } from './load.mjs';
import { requestText } from './probe.mjs';
import { startBaseline } from './servers.mjs';

/** Distinct agents the load cycles over: one beat each per lap, as a fleet of this size would send them. */
export const FLEET_SIZE = 100_000;
// The buffer is written at least every 250 ms; a backlog of new agents takes longer. Past this, agents are missing.
const STORED_WITHIN_MS = 180_000;
// The first lap, which creates the fleet, is sent at this rate (new agents cost more to write than known ones).
const FIRST_LAP_RATE = 5000;
/** The saturation load of both sides: connections each sending their next heartbeat as soon as one is answered. */
const SATURATION_CONNECTIONS = 64;

/**
 * `POST /agents/heartbeat` on the controller (on `engine`) against `baseline/heartbeat-server.mjs`, which reads the
 * body and answers 204. First one lap of the fleet (100,000 agents) is sent to the controller, which creates them,
 * as a fleet does once; the load then measures what a running fleet sends: both sides get the same requests,
 * realistic bodies from `scripts/lib/fleet.mjs` for the next laps, with the owner's token. Every agent must be stored
 * after the first lap and still be there, once, after the load.
 */
export async function measureHeartbeatIngest(settings, engine) {
  const notes = [];
  const problems = [];
  const figures = [];
  const controller = await startFleetController(engine);
  let baseline;
  let measured;
  try {
    const configUrls = [configUrl(await createConfig(controller.apiUrl, controller.token, 'bench-ingest'))];
    baseline = await startBaseline('heartbeat-server.mjs', '/health');
    const urls = {
      controller: `${controller.heartbeatUrl}/agents/heartbeat`,
      baseline: `${baseline.url}/agents/heartbeat`,
    };
    const headers = { authorization: controller.authorization, 'content-type': 'application/json' };
    for (const [side, status] of [
      ['controller', 202],
      ['baseline', 204],
    ]) {
      const body = JSON.stringify(heartbeat(FLEET_SIZE, 0, { configUrls }));
      const answer = await requestText(urls[side], { method: 'POST', headers, body, timeoutMs: 5000 });
      notes.push(`${side} answers a heartbeat with ${answer.status} and ${Buffer.byteLength(answer.body)} bytes`);
      if (answer.status !== status) problems.push(`${side} answered ${answer.status} ${answer.body.slice(0, 300)}`);
    }
    if (problems.length > 0) throw new Error(`the two sides do not answer as expected: ${problems.join('; ')}`);

    const created = await createFleet(controller, urls.controller, headers, configUrls);
    figures.push(
      figure('agents created by the first lap', created.stored, {
        shown: `${formatCount(created.stored)} in ${created.seconds.toFixed(1)} s`,
        target: { label: 'every agent of the lap stored', isMet: (value) => value === FLEET_SIZE },
      }),
    );
    notes.push(
      `first lap: ${formatCount(FLEET_SIZE)} heartbeats of new agents sent at ${formatCount(FIRST_LAP_RATE)}/s ` +
        `(${JSON.stringify(created.statusCounts)}, ${created.errors} errors), all stored ${created.seconds.toFixed(1)} s ` +
        'after the first was sent; the measured load then sends the following laps, as a running fleet does',
    );

    const controllerFleet = cyclingFleet(configUrls);
    measured = await measureAgainstBaseline(
      urls,
      settings,
      { method: 'POST', headers, connections: SATURATION_CONNECTIONS },
      {
        controller: { request: { requests: [controllerFleet.request] } },
        baseline: { request: { requests: [cyclingFleet(configUrls).request] } },
      },
    );
    figures.push(
      figure(`p99 at saturation (${SATURATION_CONNECTIONS} connections)`, measured.controller.latencyP99Ms, {
        shown: `${measured.controller.latencyP99Ms} ms (p50 ${measured.controller.latencyP50Ms} ms)`,
        target: below(50, 'p99 < 50 ms'),
      }),
    );
    const { sent, answered } = { sent: controllerFleet.sent(), answered: controllerFleet.answered() };
    // The check above stored one agent outside the fleet (id FLEET_SIZE).
    const stored = (await waitForAgents(controller, FLEET_SIZE + 1)) - 1;
    figures.push(
      figure('agents after the load', stored, {
        shown: formatCount(stored),
        target: { label: 'the fleet, each agent once', isMet: (value) => value === FLEET_SIZE },
      }),
    );
    notes.push(
      `the measured load sent heartbeats of ${formatCount(sent)} distinct agents (of ${formatCount(FLEET_SIZE)}), ` +
        `${formatCount(answered)} of them answered 2xx; GET /api/agents counts ${formatCount(stored)} agents ` +
        '(its total, less the agent of the check before the load)',
      'bodies: `heartbeat(i, lap)` from scripts/lib/fleet.mjs, agent ids in order, about 80 % reporting the URL of ' +
        'a configuration created through the API; both sides send the same headers (token, JSON)',
    );
  } finally {
    if (baseline) await stopServer(baseline);
    problems.push(...(await controller.stop()));
  }
  return { ...measured, figures, notes, problems };
}

/**
 * An autocannon request that sends the next agent's heartbeat each time (ids 0 to FLEET_SIZE - 1, then again with
 * the next beat), and remembers which agents were sent and which were answered 2xx. autocannon keeps one context
 * per connection and, with pipelining 1, hands each answer to `onResponse` with the context of its request.
 */
function cyclingFleet(configUrls) {
  const sent = new Uint8Array(FLEET_SIZE);
  const answered = new Uint8Array(FLEET_SIZE);
  // Lap 0 created the fleet (`createFleet`).
  let next = FLEET_SIZE;
  const count = (flags) => flags.reduce((total, flag) => total + flag, 0);
  return {
    request: {
      setupRequest(request, context) {
        const i = next % FLEET_SIZE;
        const lap = Math.floor(next / FLEET_SIZE);
        next += 1;
        sent[i] = 1;
        context.agent = i;
        return { ...request, body: JSON.stringify(heartbeat(i, lap, { configUrls })) };
      },
      onResponse(status, _body, context) {
        if (status >= 200 && status < 300) answered[context.agent] = 1;
      },
    },
    sent: () => count(sent),
    answered: () => count(answered),
  };
}

/** Sends lap 0 of the fleet to the controller at `FIRST_LAP_RATE` and waits until every agent is stored. */
async function createFleet(controller, url, headers, configUrls) {
  const began = performance.now();
  const lap = await sendAtConstantRate({
    url,
    rate: FIRST_LAP_RATE,
    seconds: FLEET_SIZE / FIRST_LAP_RATE,
    connections: 64,
    headers,
    bodyOf: (n) => JSON.stringify(heartbeat(n, 0, { configUrls })),
  });
  const stored = (await waitForAgents(controller, FLEET_SIZE + 1)) - 1;
  return { stored, seconds: (performance.now() - began) / 1000, statusCounts: lap.statusCounts, errors: lap.errors };
}

/** The API's agent total once it reaches `expected` or stops growing for 5 s (the buffer still writing a backlog). */
async function waitForAgents(controller, expected) {
  const deadline = Date.now() + STORED_WITHIN_MS;
  let total = -1;
  let changedAt = Date.now();
  while (Date.now() < deadline) {
    const now = (await callApi(controller.apiUrl, controller.token, 'GET', '/api/agents?limit=1')).total;
    if (now !== total) changedAt = Date.now();
    total = now;
    if (total >= expected || Date.now() - changedAt > 5000) return total;
    await sleep(500);
  }
  return total;
}
