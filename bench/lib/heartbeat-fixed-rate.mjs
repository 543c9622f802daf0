import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { callApi, configUrl, createConfig } from './api-client.mjs';
import { sendAtConstantRate } from './constant-rate.mjs';
import { below, figure, formatMiB, formatMs, summarizeLatencies } from './figures.mjs';
import { startFleetController } from './fleet-controller.mjs';
import { watchFullCollections } from './gc-trace.mjs';
import { readCpuSeconds, readRssBytes } from './process-usage.mjs';

/** 100,000 agents beating once a minute: 1,700 heartbeats per second (100,000 / 60 = 1,667). */
export const FLEET_SIZE = 100_000;
export const RATE = 1700;
/** One full lap of the fleet before measuring: every agent exists and has beaten once. */
export const WARMUP_SECONDS = 60;
const CONNECTIONS = 64;
const RSS_SAMPLE_MS = 5000;
const HEAP_GROWTH_ALLOWED = 0.1;
/** Three laps of the fleet are measured: long enough for the collector to run full collections in the window. */
const MEASURED_SECONDS = 180;

/** At least three minutes are measured (`BENCH_DURATION` if longer): every agent beats about three times. */
export function measuredSeconds(settings) {
  return Math.max(MEASURED_SECONDS, settings.durationSeconds);
}

/**
 * A steady fleet on `engine`: 1,700 heartbeats per second, evenly spaced, over 100,000 agents in order (agent
 * `n mod 100,000`, beat `n div 100,000`), for a 60 s warm-up that creates every agent, then the measured window.
 * Measures the latency of every heartbeat, the controller process's CPU (utime + stime) and RSS over the window,
 * and (the controller runs with `--trace-gc`) the heap left after each full garbage collection: memory that grows
 * is heap still held after the window's last full collection beyond what was held after its first.
 */
export async function measureFixedRate(settings, engine) {
  const notes = [];
  const problems = [];
  const controller = await startFleetController(engine, {}, ['--trace-gc']);
  const gc = watchFullCollections(controller.child);
  try {
    const configUrls = [configUrl(await createConfig(controller.apiUrl, controller.token, 'bench-fleet'))];
    const load = {
      url: `${controller.heartbeatUrl}/agents/heartbeat`,
      rate: RATE,
      connections: CONNECTIONS,
      headers: { authorization: controller.authorization, 'content-type': 'application/json' },
      bodyOf: (n) => JSON.stringify(heartbeat(n % FLEET_SIZE, Math.floor(n / FLEET_SIZE), { configUrls })),
    };
    const warmup = await sendAtConstantRate({ ...load, seconds: WARMUP_SECONDS });
    problems.push(...checkAnswers('warm-up', warmup));

    const { pid } = controller.child;
    const seconds = measuredSeconds(settings);
    const windowStart = performance.now();
    const rss = [readRssBytes(pid)];
    const sampler = setInterval(() => rss.push(readRssBytes(pid)), RSS_SAMPLE_MS);
    const cpuBefore = readCpuSeconds(pid);
    const loadCpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const measured = await sendAtConstantRate({ ...load, seconds, startAt: warmup.next });
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const cpuShare = (readCpuSeconds(pid) - cpuBefore) / elapsedSeconds;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    clearInterval(sampler);
    rss.push(readRssBytes(pid));
    problems.push(...checkAnswers('measured window', measured));

    const latency = summarizeLatencies(measured.latenciesMs);
    const [rssStart, rssEnd] = [rss[0], rss.at(-1)];
    const rssGrowth = (rssEnd - rssStart) / rssStart;
    const collections = gc.collections();
    const during = collections
      .filter(({ at }) => at >= windowStart)
      .map(({ at, liveMiB }) => ({ atSeconds: (at - windowStart) / 1000, liveMiB }));
    const heap = heapGrowth(during, elapsedSeconds);
    const stored = (await callApi(controller.apiUrl, controller.token, 'GET', '/api/agents?limit=1')).total;
    const figures = [
      figure('latency p50', latency.p50Ms, { shown: `${formatMs(latency.p50Ms)} ms` }),
      figure('latency p99', latency.p99Ms, {
        shown: `${formatMs(latency.p99Ms)} ms`,
        target: below(50, 'p99 < 50 ms'),
      }),
      figure('controller CPU, share of one core', cpuShare, {
        shown: `${(cpuShare * 100).toFixed(1)} %`,
        target: below(0.5, '< 50 % of one core'),
      }),
      figure('controller heap after full collections, first → last of the window', heap.growth, {
        shown: heap.shown,
        target: {
          label: `no growth (≤ +${HEAP_GROWTH_ALLOWED * 100} %)`,
          isMet: (value) => value <= HEAP_GROWTH_ALLOWED,
        },
      }),
      figure('controller RSS, start → end of the window', rssGrowth, {
        shown: `${formatMiB(rssStart)} → ${formatMiB(rssEnd)} (${signed(rssGrowth)})`,
      }),
    ];
    notes.push(
      `${measured.sent.toLocaleString('en-US')} heartbeats in ${elapsedSeconds.toFixed(1)} s measured ` +
        `(${Math.round(measured.sent / elapsedSeconds).toLocaleString('en-US')}/s) after a ${WARMUP_SECONDS} s ` +
        `warm-up of ${warmup.sent.toLocaleString('en-US')}; latency max ${formatMs(latency.maxMs)} ms; the ` +
        `schedule slipped by at most ${formatMs(measured.maxLagMs)} ms`,
      `heap left after each full garbage collection in the window (V8's \`--trace-gc\`): ` +
        `${during.map(({ atSeconds, liveMiB }) => `${liveMiB} MB at ${atSeconds.toFixed(0)} s`).join(', ') || 'none'}`,
      `RSS sampled every ${RSS_SAMPLE_MS / 1000} s in the window: ${rss.map((bytes) => (bytes / 1024 ** 2).toFixed(0)).join(', ')} MiB ` +
        '(RSS follows how much heap V8 keeps committed, so it is shown but not judged)',
      `${stored.toLocaleString('en-US')} agents in the database at the end (GET /api/agents total)`,
      `load generator (the bench process) used ${(((loadCpu.user + loadCpu.system) / 1e6 / elapsedSeconds) * 100).toFixed(1)} % of a core`,
    );
    if (stored < FLEET_SIZE) problems.push(`only ${stored} of ${FLEET_SIZE} agents were stored`);
    return { figures, notes, problems };
  } finally {
    problems.push(...(await controller.stop()));
  }
}

const signed = (share) => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} %`;

/**
 * Heap held after the window's last full collection against its first. Both are taken with the whole fleet known
 * (the warm-up only completes it at its end), and they must fall in the window's first and last thirds, so that
 * the whole window is judged: without them, nothing shows that memory did not grow, and the target is not met.
 */
function heapGrowth(during, windowSeconds) {
  const [first, last] = [during[0], during.at(-1)];
  if (first === undefined || first.atSeconds > windowSeconds / 3 || last.atSeconds < (windowSeconds * 2) / 3) {
    const when = during.map(({ atSeconds }) => `${atSeconds.toFixed(0)} s`).join(', ') || 'none';
    return {
      growth: Infinity,
      shown: `not judged: no full collection in the window's first and last thirds (${when})`,
    };
  }
  const growth = (last.liveMiB - first.liveMiB) / first.liveMiB;
  return {
    growth,
    shown:
      `${first.liveMiB} MB at ${first.atSeconds.toFixed(0)} s → ${last.liveMiB} MB at ${last.atSeconds.toFixed(0)} s ` +
      `(${signed(growth)}; ${during.length} in the window of ${windowSeconds.toFixed(0)} s)`,
  };
}

function checkAnswers(phase, { sent, statusCounts, errors, latenciesMs }) {
  const other = Object.entries(statusCounts).filter(([status]) => Number(status) < 200 || Number(status) > 299);
  if (errors === 0 && other.length === 0 && latenciesMs.length === sent) return [];
  const statuses = other.map(([status, count]) => `${count} × ${status}`).join(', ') || 'none';
  return [`${phase}: ${sent} sent, ${latenciesMs.length} answered, ${errors} errors, non-2xx answers: ${statuses}`];
}
