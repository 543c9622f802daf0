import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const TICK_MS = 2;
// An answer slower than this is a timeout, and counted as an error.
const TIMEOUT_MS = 10_000;

/**
 * Sends `rate` requests per second for `seconds`, evenly spaced (not in bursts: autocannon's `overallRate` starts
 * each second's quota at once), over at most `connections` keep-alive connections. Request n is a POST of
 * `bodyOf(n)` with `headers`. Latency runs from handing the request to node:http to the end of the answer, so a
 * wait for a free connection counts too. A new phase continues n from where the previous one stopped (`startAt`).
 * Resolves to the latencies (ms), the answers by status, errors, and how far the schedule slipped.
 */
export async function sendAtConstantRate({ url, rate, seconds, connections, headers, bodyOf, startAt = 0 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latenciesMs = [];
  const statusCounts = {};
  let errors = 0;
  let inFlight = 0;
  let sent = 0;
  let maxLagMs = 0;
  const send = (n) => {
    const body = bodyOf(n);
    const began = performance.now();
    inFlight += 1;
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      timeout: TIMEOUT_MS,
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        inFlight -= 1;
        latenciesMs.push(performance.now() - began);
        statusCounts[response.statusCode] = (statusCounts[response.statusCode] ?? 0) + 1;
      });
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => {
      inFlight -= 1;
      errors += 1;
    });
    request.end(body);
  };
  const started = performance.now();
  const total = Math.round(rate * seconds);
  while (sent < total) {
    const elapsedMs = performance.now() - started;
    const due = Math.min(total, Math.floor((elapsedMs * rate) / 1000) + 1);
    if (due - sent > 1) maxLagMs = Math.max(maxLagMs, elapsedMs - (sent * 1000) / rate);
    while (sent < due) send(startAt + sent++);
    await sleep(TICK_MS);
  }
  const deadline = performance.now() + TIMEOUT_MS + 1000;
  while (inFlight > 0 && performance.now() < deadline) await sleep(10);
  agent.destroy();
  return { sent, next: startAt + sent, latenciesMs, statusCounts, errors, maxLagMs };
}
