import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { callApi, configUrl, createConfig } from './api-client.mjs';
import { summarizeLatencies } from './figures.mjs';
import { startFleetController } from './fleet-controller.mjs';
import { fetchText } from './probe.mjs';
import { readCpuSeconds, readRssBytes } from './process-usage.mjs';

/** Every agent beats once a minute, as `[[outputs.heartbeat]] interval = "1m"` does. */
export const HEARTBEAT_INTERVAL_SECONDS = 60;
/** The first lap of the fleet creates every agent; heap is judged only on windows that start after it. */
export const WARMUP_SECONDS = HEARTBEAT_INTERVAL_SECONDS;
/** Heap after full collections is flat when the last window's median is within this share of the first one's. */
export const FLAT_WITHIN = 0.1;
export const LIVE_PROBE_MS = 100;
export const UI_POLL_MS = 2000;
export const PAGE = 50;
export const HEARTBEAT_CONNECTIONS = 64;

const TICK_MS = 2;
// An answer slower than this is a timeout, and counted as an error.
const TIMEOUT_MS = 10_000;
const RSS_SAMPLE_MS = 5000;
const IDLE_PROBES = 20;
const LOOP_RESOLUTION_MS = 10;
const FORCED_GC_TIMEOUT_MS = 5000;
/** Node options of the controller: `--trace-gc` for the heap figures, and a SIGUSR2 handler that runs a full GC. */
const GC_ARGS = ['--trace-gc', '--expose-gc', '--import', new URL('./soak-gc-signal.mjs', import.meta.url).href];

/** One-minute windows, or 30 s ones for a soak of five minutes or less (so that it still has a few). */
export function windowSecondsFor(minutes) {
  return minutes <= 5 ? 30 : 60;
}

/**
 * Runs the built controller on `engine` (with `--trace-gc`) for `minutes` under a steady fleet: `agents` agents
 * beating once a minute each (`agents / 60` heartbeats per second, evenly spaced, agent `n mod agents`), a UI client
 * polling the agents page every 2 s, and a `GET /health/live` probe every 100 ms. Closes a window every 30 or 60 s
 * and hands it to `onWindow`. `signal` (an AbortSignal) ends the soak early: the open window is dropped, and the
 * controller is left to stop on the Ctrl-C the terminal sent it too. Resolves to everything the report needs.
 */
export async function runSoak({ minutes, agents, engine, signal, onStart = () => {}, onWindow = () => {} }) {
  const windowSeconds = windowSecondsFor(minutes);
  const windowCount = Math.round((minutes * 60) / windowSeconds);
  const rate = agents / HEARTBEAT_INTERVAL_SECONDS;
  const problems = [];
  const notes = [];
  const rows = [];
  const controller = await startFleetController(engine, {}, GC_ARGS);
  const { pid } = controller.child;
  const gc = watchMainCollections(controller.child);
  let exit;
  controller.exited.then((value) => (exit = value));
  let streams = [];
  let interrupted = false;
  let stored;
  let totals;
  let rss;
  let idle;
  let cpu;
  let startedAt;
  try {
    const configUrls = [configUrl(await createConfig(controller.apiUrl, controller.token, 'soak-fleet'))];
    idle = await probeIdle(controller.apiUrl);
    rss = { idleBytes: readRssBytes(pid), peakBytes: 0, afterWarmupBytes: undefined, endBytes: undefined };
    onStart({ controller, rate, windowSeconds, windowCount, idle });

    const heartbeats = startHeartbeats({
      url: `${controller.heartbeatUrl}/agents/heartbeat`,
      rate,
      headers: { authorization: controller.authorization, 'content-type': 'application/json' },
      bodyOf: (n) => JSON.stringify(heartbeat(n % agents, Math.floor(n / agents), { configUrls })),
    });
    const live = startLiveProbe(controller.apiUrl);
    const ui = startUiClient(controller.apiUrl, controller.authorization, agents);
    const generatorLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    generatorLoop.enable();
    streams = [heartbeats, live, ui];

    startedAt = performance.now();
    const cpuAtStart = readCpuSeconds(pid);
    let cpuBefore = cpuAtStart;
    let windowPeak = 0;
    let collectionsTaken = gc.collections().length;
    const sampleRss = () => {
      const bytes = readRssBytes(pid);
      windowPeak = Math.max(windowPeak, bytes);
      rss.peakBytes = Math.max(rss.peakBytes, bytes);
      return bytes;
    };
    const sampler = setInterval(() => {
      try {
        sampleRss();
      } catch {
        // The controller is gone: the window loop notices it.
      }
    }, RSS_SAMPLE_MS);
    try {
      for (let index = 0; index < windowCount; index += 1) {
        const endsAt = startedAt + (index + 1) * windowSeconds * 1000;
        const ended = await waitUntil(endsAt, signal, controller.exited);
        if (ended === 'aborted') {
          interrupted = true;
          break;
        }
        if (ended === 'exited') {
          problems.push(`the controller exited (${describe(exit)}) during the soak: ${tailOf(controller)}`);
          break;
        }
        const startSeconds = index * windowSeconds;
        const endSeconds = startSeconds + windowSeconds;
        const rssBytes = sampleRss();
        const cpuNow = readCpuSeconds(pid);
        const heartbeatWindow = heartbeats.take();
        const listWindow = ui.list.take();
        const summaryWindow = ui.summary.take();
        const liveWindow = live.take();
        // The full collections V8 ran in the window; when it ran none, one is run now and counts for the window.
        let collections = gc.collections().slice(collectionsTaken);
        const forced = collections.length === 0;
        if (forced) {
          const collected = await forceFullCollection(controller.child, gc);
          if (!collected) notes.push(`window ${index + 1}: no full collection within 5 s of asking for one`);
          collections = gc.collections().slice(collectionsTaken);
        }
        collectionsTaken += collections.length;
        const heapSamples = collections.map(({ liveMiB }) => liveMiB);
        const row = {
          index,
          startSeconds,
          endSeconds,
          warmup: startSeconds < WARMUP_SECONDS,
          heartbeats: summarizeSeries(heartbeatWindow),
          list: summarizeSeries(listWindow),
          summary: summarizeSeries(summaryWindow),
          live: summarizeSeries(liveWindow),
          heapSamples,
          heapForced: forced,
          heapMiB: median(heapSamples),
          rssBytes,
          rssPeakBytes: windowPeak,
          cpuShare: (cpuNow - cpuBefore) / windowSeconds,
          generatorLoop: takeLoopDelay(generatorLoop),
        };
        cpuBefore = cpuNow;
        windowPeak = 0;
        if (endSeconds === WARMUP_SECONDS) rss.afterWarmupBytes = rssBytes;
        rss.endBytes = rssBytes;
        rows.push(row);
        notes.push(...describeFailures(row));
        onWindow(row);
      }
    } finally {
      clearInterval(sampler);
      generatorLoop.disable();
    }
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    cpu = exit === undefined ? (readCpuSeconds(pid) - cpuAtStart) / elapsedSeconds : NaN;
    await Promise.all(streams.map((stream) => stream.stop({ drain: !interrupted })));
    streams = [];
    totals = { ...heartbeats.totals(), elapsedSeconds };
    if (!interrupted && exit === undefined) {
      // The write-behind buffer flushes within a second or so; then every agent of the fleet must be stored.
      await sleep(2000);
      stored = (await callApi(controller.apiUrl, controller.token, 'GET', '/api/agents?limit=1')).total;
      const expected = Math.min(agents, totals.sent);
      if (stored < expected) problems.push(`only ${stored} of ${expected} agents were stored`);
    }
  } finally {
    await Promise.all(streams.map((stream) => stream.stop({ drain: false })));
    if (interrupted || signal?.aborted) await letItStopItself(controller);
    problems.push(...(await controller.stop()));
  }
  return {
    minutes,
    agents,
    engine,
    rate,
    windowSeconds,
    windowCount,
    interrupted,
    rows,
    totals,
    stored,
    rss,
    idle,
    cpu,
    heap: judgeHeap(rows),
    fullCollections: rows.reduce((sum, row) => sum + row.heapSamples.length, 0),
    forcedCollections: rows.filter((row) => row.heapForced && row.heapSamples.length > 0).length,
    problems,
    notes,
  };
}

/**
 * Heap after full collections, first window after the warm-up lap against the last window: the median of each
 * window's full collections, so that one collection that ran mid-flush does not decide. When either window had none
 * (a forced collection did not come within 5 s), the nearest window that had one stands in; the report names the
 * two windows. Flat means a change within ±10 %; without two such windows nothing shows that memory did not grow,
 * and it is not judged.
 */
export function judgeHeap(rows) {
  const candidates = rows.filter((row) => !row.warmup && row.heapSamples.length > 0);
  const [first, last] = [candidates[0], candidates.at(-1)];
  if (candidates.length < 2) {
    return {
      judged: false,
      flat: false,
      reason: `fewer than two windows after the ${WARMUP_SECONDS} s warm-up had a full collection`,
    };
  }
  const change = (last.heapMiB - first.heapMiB) / first.heapMiB;
  return {
    judged: true,
    flat: Math.abs(change) <= FLAT_WITHIN,
    change,
    first,
    last,
  };
}

/** A note for each stream that had failed requests in the window: how many, which statuses, the last error. */
function describeFailures(row) {
  const streams = [
    ['heartbeats', row.heartbeats],
    ['agent list', row.list],
    ['agent summary', row.summary],
    ['/health/live', row.live],
  ];
  return streams
    .filter(([, series]) => series.unexpectedCount + series.errors > 0)
    .map(([name, { unexpected, errors, lastError }]) => {
      const statuses = Object.entries(unexpected).map(([status, count]) => `${count} × ${status}`);
      const failedWith = [...statuses, ...(errors > 0 ? [`${errors} errors (last: ${lastError})`] : [])];
      return `${name} in the window from ${row.startSeconds} s: ${failedWith.join(', ')}`;
    });
}

/** A sequence of answers: latencies (ms), unexpected answers counted by status, and errors (timeouts, resets). */
function createSeries() {
  const empty = () => ({ sent: 0, latenciesMs: [], unexpected: {}, errors: 0, lastError: undefined, maxLagMs: 0 });
  let bucket = empty();
  return {
    get bucket() {
      return bucket;
    },
    answered(ms, status, expected) {
      bucket.latenciesMs.push(ms);
      if (status !== expected) bucket.unexpected[status] = (bucket.unexpected[status] ?? 0) + 1;
    },
    failed(error) {
      bucket.errors += 1;
      bucket.lastError = error.message;
    },
    take() {
      const taken = bucket;
      bucket = empty();
      return taken;
    },
  };
}

function summarizeSeries({ sent, latenciesMs, unexpected, errors, lastError, maxLagMs }) {
  const unexpectedCount = Object.values(unexpected).reduce((sum, count) => sum + count, 0);
  return { sent, ...summarizeLatencies(latenciesMs), unexpected, unexpectedCount, errors, lastError, maxLagMs };
}

/**
 * `rate` POSTs per second, evenly spaced, until stopped, over at most 64 keep-alive connections (as
 * `lib/constant-rate.mjs` sends them, but with no end and the answers counted per window: an answer counts in the
 * window it arrives in). Latency runs from handing the request to node:http to the end of the answer.
 */
function startHeartbeats({ url, rate, headers, bodyOf }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: HEARTBEAT_CONNECTIONS });
  const series = createSeries();
  const all = { sent: 0, answered: 0, accepted: 0, unexpected: {}, errors: 0 };
  let inFlight = 0;
  let sending = true;
  let counting = true;
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
        if (!counting) return;
        all.answered += 1;
        if (response.statusCode === 202) all.accepted += 1;
        else all.unexpected[response.statusCode] = (all.unexpected[response.statusCode] ?? 0) + 1;
        series.answered(performance.now() - began, response.statusCode, 202);
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => {
      inFlight -= 1;
      if (!counting) return;
      all.errors += 1;
      series.failed(error);
    });
    request.end(body);
  };
  const started = performance.now();
  const loop = (async () => {
    while (sending) {
      const elapsedMs = performance.now() - started;
      const due = Math.floor((elapsedMs * rate) / 1000) + 1;
      if (due - all.sent > 1) {
        series.bucket.maxLagMs = Math.max(series.bucket.maxLagMs, elapsedMs - (all.sent * 1000) / rate);
      }
      while (all.sent < due) {
        send(all.sent);
        all.sent += 1;
        series.bucket.sent += 1;
      }
      await sleep(TICK_MS);
    }
  })();
  return {
    take: () => series.take(),
    totals: () => ({ ...all, unexpected: { ...all.unexpected } }),
    /** Stops sending; `drain` waits for the answers on their way (counted in the totals, not in a window). */
    async stop({ drain }) {
      if (!sending) return;
      sending = false;
      await loop;
      const deadline = performance.now() + TIMEOUT_MS + 1000;
      while (drain && inFlight > 0 && performance.now() < deadline) await sleep(10);
      counting = false;
      agent.destroy();
    },
  };
}

/** Calls `once()` every `intervalMs` (or right after the previous call, when it took longer) until stopped. */
function poll(intervalMs, once) {
  const stopping = new AbortController();
  const loop = (async () => {
    let next = performance.now();
    while (!stopping.signal.aborted) {
      await once();
      next = Math.max(next + intervalMs, performance.now());
      try {
        await sleep(next - performance.now(), undefined, { signal: stopping.signal });
      } catch {
        return;
      }
    }
  })();
  return async () => {
    stopping.abort();
    await loop;
  };
}

/**
 * The controller's event-loop delay, seen from outside (it has no metrics endpoint): the latency of
 * `GET /health/live` on the API port every 100 ms, over one keep-alive connection. The route does nothing, so its
 * latency is the time the request waited for the event loop plus a fraction of a millisecond of work.
 */
function startLiveProbe(apiUrl) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const series = createSeries();
  const stop = poll(LIVE_PROBE_MS, () => timedGet(agent, `${apiUrl}/health/live`, {}, series, 200));
  return {
    take: () => series.take(),
    async stop() {
      await stop();
      agent.destroy();
    },
  };
}

/**
 * A person on the agents page: every 2 s the page asks `GET /api/agents?limit=50` and `GET /api/agents/summary`
 * with the same filters, in parallel as the browser does. One poll in five filters: alternately by a status (fail,
 * warn, not_reporting in turn) and by a search for part of a hostname.
 */
function startUiClient(apiUrl, authorization, agents) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const list = createSeries();
  const summary = createSeries();
  const headers = { authorization };
  let n = 0;
  const stop = poll(UI_POLL_MS, async () => {
    const filters = uiFilters(n, agents);
    n += 1;
    const query = new URLSearchParams(filters);
    const listQuery = new URLSearchParams({ ...filters, limit: String(PAGE) });
    await Promise.all([
      timedGet(agent, `${apiUrl}/api/agents?${listQuery}`, headers, list, 200),
      timedGet(agent, `${apiUrl}/api/agents/summary${query.size > 0 ? `?${query}` : ''}`, headers, summary, 200),
    ]);
  });
  return {
    list,
    summary,
    async stop() {
      await stop();
      agent.destroy();
    },
  };
}

const STATUSES = ['fail', 'warn', 'not_reporting'];

/** Filters of the `n`-th poll: none four times in five, then a status or a search (`web-00123`-like) in turn. */
export function uiFilters(n, agents) {
  if (n % 5 !== 4) return {};
  const k = Math.floor(n / 5);
  if (k % 2 === 0) return { status: STATUSES[(k / 2) % STATUSES.length] };
  // The first four of the six digits of an agent number in the fleet: matches up to a hundred hostnames (and ids).
  const digits = String((k * 7919) % Math.max(1, agents)).padStart(6, '0');
  return { search: `-${digits.slice(0, 4)}` };
}

function timedGet(agent, url, headers, series, expected) {
  return new Promise((resolve) => {
    const began = performance.now();
    const request = http.get(url, { agent, headers, timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      response.on('end', () => {
        series.answered(performance.now() - began, response.statusCode, expected);
        resolve();
      });
      response.on('error', (error) => {
        series.failed(error);
        resolve();
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => {
      series.failed(error);
      resolve();
    });
  });
}

/** The idle reference for the event-loop figures: `GET /health/live` a few times before any load. */
async function probeIdle(apiUrl) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const series = createSeries();
  try {
    for (let i = 0; i < IDLE_PROBES; i += 1) {
      await timedGet(agent, `${apiUrl}/health/live`, {}, series, 200);
      await sleep(20);
    }
  } finally {
    agent.destroy();
  }
  return summarizeSeries(series.take());
}

/** 'time' at `at` (a performance.now() instant), or 'aborted' / 'exited' as soon as either happens. */
async function waitUntil(at, signal, exited) {
  if (signal?.aborted) return 'aborted';
  const stopping = new AbortController();
  const onAbort = () => stopping.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([
      sleep(Math.max(0, at - performance.now()), 'time', { signal: stopping.signal }).catch(() => 'aborted'),
      exited.then(() => 'exited'),
    ]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stopping.abort();
  }
}

/**
 * Ctrl-C in a terminal reaches the controller too (same process group), and it stops by itself; a SIGTERM sent
 * meanwhile would be a second signal, which makes it exit 1 at once. So: give it a moment, and when it still answers
 * `/health/live` it did not get the signal (e.g. `kill -INT` of this process alone), and is stopped as usual.
 */
async function letItStopItself(controller) {
  if (await Promise.race([controller.exited, sleep(1000, false)])) return;
  try {
    const response = await fetchText(`${controller.apiUrl}/health/live`, 500);
    if (response.status === 200) return;
  } catch {
    // Not answering: it is on its way out.
  }
  await Promise.race([controller.exited, sleep(15_000)]);
}

/**
 * Full collections (mark-compact) of the controller's main thread, from its `--trace-gc` output: `{ at, liveMiB }`,
 * the heap left after each. Every isolate prints there, the SQLite writer thread's too, each line starting with
 * `[pid:isolate]`; the main thread's is the one of the first "testing" collection, which the preload runs at start.
 * (`lib/gc-trace.mjs` reads the same lines without telling isolates apart.)
 */
function watchMainCollections(child) {
  const MARK_COMPACT =
    /^\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: Mark-Compact(?: \([a-z ]+\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;
  const seen = [];
  let mainIsolate;
  let partial = '';
  child.stdout.on('data', (chunk) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      const match = MARK_COMPACT.exec(line);
      if (!match) continue;
      if (mainIsolate === undefined && line.includes(' testing')) mainIsolate = match[1];
      seen.push({ at: performance.now(), isolate: match[1], liveMiB: Number(match[2]) });
    }
  });
  return {
    collections: () => (mainIsolate === undefined ? [] : seen.filter(({ isolate }) => isolate === mainIsolate)),
  };
}

/** SIGUSR2 makes the controller run a full collection (`soak-gc-signal.mjs`); resolves once its line arrived. */
async function forceFullCollection(child, gc) {
  const before = gc.collections().length;
  child.kill('SIGUSR2');
  const deadline = performance.now() + FORCED_GC_TIMEOUT_MS;
  while (performance.now() < deadline) {
    await sleep(10);
    if (gc.collections().length > before) return true;
  }
  return false;
}

/** p99 and max event-loop delay beyond the histogram's own timer interval, in ms; then starts afresh. */
function takeLoopDelay(histogram) {
  const beyond = (ns) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  const figures = { p99Ms: beyond(histogram.percentile(99)), maxMs: beyond(histogram.max) };
  histogram.reset();
  return figures;
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function describe(exit) {
  if (!exit) return 'unknown';
  return exit.code === null ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function tailOf(controller) {
  return controller.output().trim().split('\n').slice(-15).join('\n') || '(no output)';
}
