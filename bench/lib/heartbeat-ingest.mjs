import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { callApi, configUrl, createConfig } from './api-client.mjs';
import { stopServer } from './child.mjs';
import { figure, formatCount } from './figures.mjs';
import { startFleetController } from './fleet-controller.mjs';
import { measureAgainstBaseline } from './load.mjs';
import { requestText } from './probe.mjs';
import { startBaseline } from './servers.mjs';

/** Distinct agents the load cycles over: one beat each per lap, as a fleet of this size would send them. */
export const FLEET_SIZE = 100_000;
// The buffer is written at least every 250 ms; a backlog of new agents takes longer. Past this, agents are missing.
const STORED_WITHIN_MS = 180_000;

/**
 * `POST /agents/heartbeat` on the controller (on `engine`) against `baseline/heartbeat-server.mjs`, which reads the
 * body and answers 204. Both sides get the same requests: realistic bodies from `scripts/lib/fleet.mjs` cycling
 * over 100,000 agent ids, with the owner's token. Afterwards every agent whose heartbeat the controller answered
 * 2xx must be stored: the API's `total` is compared with the agents answered and the agents sent.
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

    const controllerFleet = cyclingFleet(configUrls);
    measured = await measureAgainstBaseline(
      urls,
      settings,
      { method: 'POST', headers },
      {
        controller: { request: { requests: [controllerFleet.request] } },
        baseline: { request: { requests: [cyclingFleet(configUrls).request] } },
      },
    );
    const { sent, answered } = { sent: controllerFleet.sent(), answered: controllerFleet.answered() };
    // The check above stored one agent outside the fleet (id FLEET_SIZE).
    const stored = (await waitForAgents(controller, answered + 1)) - 1;
    figures.push(
      figure('agents stored / answered 2xx', stored, {
        shown: `${formatCount(stored)} / ${formatCount(answered)}`,
        target: {
          label: 'every answered agent stored',
          // Requests still in flight when the load stopped may be stored without an answer counted.
          isMet: (value) => value >= answered && value <= sent,
        },
      }),
    );
    notes.push(
      `the controller side sent ${formatCount(sent)} distinct agent ids (of ${formatCount(FLEET_SIZE)}), ` +
        `${formatCount(answered)} of them answered 2xx; GET /api/agents reports ${formatCount(stored)} of them ` +
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
  let next = 0;
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
