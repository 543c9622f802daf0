import http from 'node:http';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { heartbeat } from '../../scripts/lib/fleet.mjs';
import { callApi } from './api-client.mjs';
import { below, figure, formatCount, formatMs, summarizeLatencies } from './figures.mjs';
import { startFleetController } from './fleet-controller.mjs';
import {
  openFleetDatabase,
  seedFleet,
  settleStatistics,
  spreadLastSeen,
  temporaryDatabase,
} from './fleet-database.mjs';

/** The agents that go quiet at once; `BENCH_SILENCE_AGENTS` replaces it (e.g. 20000 while developing). */
export const DEFAULT_FLEET_SIZE = 200_000;
/** Agents that keep beating through the pass, numbered after the silent ones. */
export const LIVE_AGENTS = 10_000;
/** Heartbeats per second from the live agents (the rate of a 100k fleet beating once a minute). */
export const RATE = 1700;
/**
 * The controller's status interval: its first pass comes this long after it starts (the timer's first tick), once
 * the heartbeat load has run steadily for most of it. In production the default is 60 s.
 */
export const STATUS_INTERVAL_SECONDS = 20;
/** What the targets are written against: the pass must end within one default interval. */
const DEFAULT_INTERVAL_SECONDS = 60;
/** At least this much steady load before the pass starts, or the measurement is not valid. */
const STEADY_BEFORE_MS = 5000;
/** The load keeps running this long after the pass ended. */
const AFTER_PASS_MS = 3000;
/** How long the bench waits for every agent to be marked, from the controller's start. */
const PASS_DEADLINE_MS = 15 * 60_000;
const CONNECTIONS = 64;
const TICK_MS = 2;
const PROBE_INTERVAL_MS = 5;
const HEARTBEAT_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 120_000;
/** The silent agents were last seen from this long past the threshold back to a further 10 minutes. */
const SILENT_MARGIN_MS = 60_000;
const SILENT_SPAN_MS = 600_000;
const PASS_MESSAGE = 'status pass: agents marked not reporting or deleted';
const PASS_FAILED_MESSAGE = 'status pass failed; retrying next interval';
const LISTENING_MESSAGE = 'telegraf-controller is listening';

/** The number of silent agents: `BENCH_SILENCE_AGENTS`, or 200,000. */
export function fleetSize(env = process.env) {
  const raw = env.BENCH_SILENCE_AGENTS;
  if (raw === undefined || raw === '') return DEFAULT_FLEET_SIZE;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 999_999) {
    throw new Error(`BENCH_SILENCE_AGENTS must be a whole number from 1 to 999,999 (got "${raw}")`);
  }
  return count;
}

/** The fleet size for a benchmark's name, such as `200k`; never throws (the run reports a bad value). */
export function fleetLabel() {
  try {
    const count = fleetSize();
    return count % 1000 === 0 ? `${count / 1000}k` : formatCount(count);
  } catch {
    return '?';
  }
}

/** Seeding (about 5,000 agents/s), the controller's start, the interval, the pass and the load after it. */
export function estimateSeconds() {
  let count = DEFAULT_FLEET_SIZE;
  try {
    count = fleetSize();
  } catch {
    // run() reports it
  }
  return Math.round((count + LIVE_AGENTS) / 4000) + STATUS_INTERVAL_SECONDS + 60;
}

/**
 * Mass silence on `engine`: `fleetSize()` agents all went quiet at once (a network cut), so the first status pass of
 * a running controller marks every one of them not reporting. The database is seeded before the controller starts
 * (silent agents last seen past the default rule's threshold with their reported status; live agents last seen
 * now), the controller runs it with `LOG_LEVEL=info` and a short status interval, and while 10,000 live agents
 * send 1,700 heartbeats/s the bench measures how long the pass takes (from the controller's log lines), the longest
 * the controller's event loop was held during it (a `GET /health/live` probe every 5 ms), and the latency of the
 * heartbeats sent during it.
 */
export async function measureMassSilence(engine) {
  const silent = fleetSize();
  const notes = [];
  const problems = [];
  const { target, release } = await temporaryDatabase(engine, 'silence');
  try {
    const seeded = await seedDatabase(target, silent);
    notes.push(
      `${formatCount(silent)} silent agents last seen ${(SILENT_MARGIN_MS / 60_000).toFixed(0)} to ` +
        `${((SILENT_MARGIN_MS + SILENT_SPAN_MS) / 60_000).toFixed(0)} min past the default rule's threshold ` +
        `(${seeded.thresholdSeconds} s) and ${formatCount(LIVE_AGENTS)} live agents last seen now, written through ` +
        `the heartbeat buffer before the controller started (${(seeded.ms / 1000).toFixed(0)} s); none was ` +
        'not_reporting yet',
    );
    problems.push(...seeded.problems);
    const measured = await measureOnController(engine, target, silent, seeded.thresholdSeconds);
    notes.push(...measured.notes);
    problems.push(...measured.problems);
    problems.push(...(await checkMarked(target, silent)));
    return { figures: measured.figures, tables: measured.tables, notes, problems };
  } finally {
    await release();
  }
}

async function seedDatabase(target, silent) {
  const problems = [];
  const handle = await openFleetDatabase(target);
  try {
    const [rule] = (await handle.db.selectFrom('reportingRules').selectAll().execute()).filter((r) => r.isDefault);
    const thresholdMs = rule.notReportingAfterSeconds * 1000;
    const started = performance.now();
    const newestSilent = Date.now() - thresholdMs - SILENT_MARGIN_MS;
    await seedFleet(handle, { count: silent, lastSeenAt: spreadLastSeen(silent, newestSilent, SILENT_SPAN_MS) });
    await seedFleet(handle, { first: silent, count: LIVE_AGENTS, lastSeenAt: () => Date.now() });
    await settleStatistics(handle);
    const counts = await countByStatus(handle);
    if (counts.total !== silent + LIVE_AGENTS || counts.notReporting !== 0) {
      problems.push(
        `seeding left ${counts.total} agents (${counts.notReporting} not reporting), expected ` +
          `${silent + LIVE_AGENTS} (none not reporting)`,
      );
    }
    return { thresholdSeconds: rule.notReportingAfterSeconds, ms: performance.now() - started, problems };
  } finally {
    await handle.close();
  }
}

async function countByStatus(handle) {
  const { rows } = await sql`select count(*) as total,
      coalesce(sum(case when status = 'not_reporting' then 1 else 0 end), 0) as not_reporting
    from agents`.execute(handle.db);
  return { total: Number(rows[0].total), notReporting: Number(rows[0].notReporting ?? rows[0].not_reporting) };
}

/** After the controller stopped: every silent agent, and only they, must be not reporting. */
async function checkMarked(target, silent) {
  const handle = await openFleetDatabase(target);
  try {
    const { notReporting } = await countByStatus(handle);
    return notReporting === silent
      ? []
      : [`${formatCount(notReporting)} agents not reporting at the end, expected ${formatCount(silent)}`];
  } finally {
    await handle.close();
  }
}

async function measureOnController(engine, target, silent, thresholdSeconds) {
  const notes = [];
  const problems = [];
  const controller = await startFleetController(
    engine,
    { STATUS_CHECK_INTERVAL_SECONDS: String(STATUS_INTERVAL_SECONDS) },
    [],
    { database: target, logLevel: 'info' },
  );
  const startedAt = Date.now();
  const loadAverage = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  let load;
  let probe;
  let self;
  try {
    const log = watchLog(controller, async () => {
      try {
        const health = await callApi(controller.apiUrl, controller.token, 'GET', '/api/heartbeat/health');
        return health.scheduler.lastRunAt;
      } catch {
        return null;
      }
    });
    load = startLoad({
      url: `${controller.heartbeatUrl}/agents/heartbeat`,
      headers: { authorization: controller.authorization, 'content-type': 'application/json' },
      bodyOf: (n) => JSON.stringify(heartbeat(silent + (n % LIVE_AGENTS), 1 + Math.floor(n / LIVE_AGENTS))),
    });
    probe = startProbe(`${controller.apiUrl}/health/live`);
    self = startSelfProbe();

    const exited = controller.exited.then(() => 'exited');
    const done = await Promise.race([log.allMarked(silent), exited, sleep(PASS_DEADLINE_MS, 'deadline')]);
    if (done === 'exited') problems.push(`the controller ended during the pass: ${controller.output().slice(-600)}`);
    if (done === 'deadline') {
      problems.push(
        `only ${formatCount(log.marked())} of ${formatCount(silent)} agents were marked within ` +
          `${PASS_DEADLINE_MS / 60_000} minutes of the controller's start`,
      );
    }
    await log.settled();
    if (done === true) await sleep(AFTER_PASS_MS);
    const answers = await load.stop();
    const probes = await probe.stop();
    const ticks = await self.stop();
    load = probe = self = undefined;
    problems.push(...log.failures().map((line) => `the controller logged "${PASS_FAILED_MESSAGE}": ${line}`));

    const lines = log.lines();
    const window = passWindow(lines);
    if (window === undefined) {
      problems.push('no log line marked agents not reporting: the pass could not be timed');
      return { figures: [], tables: [], notes, problems };
    }
    const phases = splitByPhase(answers, probes, ticks, window);
    const { during, before } = phases;
    const badAnswers = answers.statuses.filter((status) => status !== 202).length;
    if (badAnswers > 0) problems.push(`${describeAnswers(answers)}: every heartbeat must be answered 202`);
    if (window.start - answers.startedAt < STEADY_BEFORE_MS) {
      problems.push(
        `the pass started ${formatMs(window.start - answers.startedAt)} ms after the heartbeat load did: not steady`,
      );
    }
    const passMs = window.end - window.start;
    const figures = [
      figure('pass duration: every silent agent marked not reporting', passMs, {
        shown: `${formatMs(passMs)} ms`,
        target: below(DEFAULT_INTERVAL_SECONDS * 1000, `within one status interval (${DEFAULT_INTERVAL_SECONDS} s)`),
      }),
      figure('longest event-loop hold during the pass (GET /health/live every 5 ms)', during.hold, {
        shown: `${formatMs(during.hold)} ms (steady load before the pass: ${formatMs(before.hold)} ms)`,
        target: below(50, 'event loop never held > 50 ms'),
      }),
      figure(`heartbeat p99 during the pass (${formatCount(RATE)}/s)`, during.p99Ms, {
        shown: `${formatMs(during.p99Ms)} ms (p50 ${formatMs(during.p50Ms)}, max ${formatMs(during.maxMs)}, ${formatCount(during.count)} heartbeats)`,
        target: below(100, 'heartbeat p99 < 100 ms while it runs'),
      }),
    ];
    const tables = [
      {
        title: 'Heartbeats of the live agents by when they were sent, and event-loop holds (ms):',
        columns: columns([
          'phase',
          'heartbeats',
          'p50',
          'p99',
          'max',
          'not 202',
          'longest hold',
          'hold began (ms after the pass started)',
          "bench process's own longest hold",
        ]),
        rows: Object.values(phases).map(({ label, count, p50Ms, p99Ms, maxMs, other, hold, holdAt, ownHold }) => [
          label,
          formatCount(count),
          formatMs(p50Ms),
          formatMs(p99Ms),
          formatMs(maxMs),
          formatCount(other),
          formatMs(hold),
          Number.isFinite(holdAt) ? formatCount(holdAt) : '—',
          formatMs(ownHold),
        ]),
      },
      {
        title: `Status log lines ("${PASS_MESSAGE}"):`,
        columns: columns(['line', 'at (ms after the pass started)', 'notReporting', 'deleted', 'durationMs']),
        rows: lines.map((line, i) => [
          String(i + 1),
          formatMs(line.time - window.start),
          formatCount(line.notReporting),
          formatCount(line.deleted),
          line.durationMs === undefined ? '—' : formatMs(line.durationMs),
        ]),
      },
    ];
    const listening = log.listeningAt();
    notes.push(
      `fleet: ${formatCount(silent)} silent agents marked in ${lines.length} log line(s) ` +
        `(${formatCount(log.marked())} notReporting in all), ${formatCount(LIVE_AGENTS)} live agents; status ` +
        `interval ${STATUS_INTERVAL_SECONDS} s (the first pass is the timer's first tick), default rule ` +
        `${thresholdSeconds} s; the pass started ` +
        `${listening === undefined ? '?' : ((window.start - listening) / 1000).toFixed(1)} s after the controller ` +
        `listened and ${((window.start - answers.startedAt) / 1000).toFixed(1)} s after the heartbeat load began`,
      `pass start from ${window.source}; its end is the time of the last log line`,
      `heartbeats: ${formatCount(RATE)}/s evenly spaced over up to ${CONNECTIONS} keep-alive connections to the ` +
        `heartbeat port, ${formatCount(answers.statuses.length)} sent in ${((answers.stoppedAt - answers.startedAt) / 1000).toFixed(1)} s; ` +
        `${describeAnswers(answers)}; the schedule slipped by at most ${formatMs(answers.maxLagMs)} ms. Latency ` +
        'runs from handing the request to node:http to the end of the answer; a heartbeat is "during the pass" ' +
        'when it was sent between its start and end',
      `event loop: ${formatCount(probes.length)} answers to GET /health/live (one in flight, the next ` +
        `${PROBE_INTERVAL_MS} ms after an answer); a hold is the gap between two answers less ${PROBE_INTERVAL_MS} ms, ` +
        `so it includes the bench process's own delays (its own timer every ${PROBE_INTERVAL_MS} ms shows them); load average when the controller started: ${loadAverage}`,
    );
    return { figures, tables, notes, problems };
  } finally {
    await load?.stop();
    await probe?.stop();
    await self?.stop();
    problems.push(...(await controller.stop()));
    if (Date.now() - startedAt > PASS_DEADLINE_MS) notes.push('the bench gave up waiting for the pass');
  }
}

const columns = (headers) => headers.map((header, i) => ({ header, align: i === 0 ? 'left' : 'right' }));

function describeAnswers({ statuses, errors }) {
  const counts = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  const answers = Object.entries(counts)
    .map(([status, count]) => `${formatCount(count)} × ${status}`)
    .join(', ');
  return `answers ${answers || 'none'}, ${formatCount(errors)} errors or timeouts`;
}

/**
 * The pass runs from the earliest start any of its log lines gives (its time less `durationMs`, or, without
 * `durationMs`, the scheduler's `lastRunAt` read from `GET /api/heartbeat/health` right after the line) to the last
 * line, whether the pass logs once or once per chunk.
 */
function passWindow(lines) {
  if (lines.length === 0) return undefined;
  const starts = lines.map((line) =>
    line.durationMs !== undefined
      ? { at: line.time - line.durationMs, source: "the log lines' time less their durationMs" }
      : line.lastRunAt
        ? { at: Date.parse(line.lastRunAt), source: 'lastRunAt of GET /api/heartbeat/health (no durationMs logged)' }
        : { at: line.time, source: 'the first log line (no durationMs, no lastRunAt): the duration is too short' },
  );
  const first = starts.reduce((a, b) => (b.at < a.at ? b : a));
  return { start: first.at, end: Math.max(...lines.map((line) => line.time)), source: first.source };
}

/**
 * The controller's JSON log lines as they come: the pass lines, failures, and when it listened. Each pass line
 * without `durationMs` gets the scheduler's `lastRunAt` from `readLastRunAt()`.
 */
function watchLog(controller, readLastRunAt) {
  const lines = [];
  const failures = [];
  const pending = [];
  const waiters = [];
  let listeningAt;
  let marked = 0;
  let partial = '';
  const take = (text) => {
    let entry;
    try {
      entry = JSON.parse(text);
    } catch {
      return;
    }
    if (entry.msg === LISTENING_MESSAGE) listeningAt = entry.time;
    if (entry.msg === PASS_FAILED_MESSAGE) failures.push(entry.err?.message ?? text.slice(0, 300));
    if (entry.msg !== PASS_MESSAGE) return;
    const line = {
      time: entry.time,
      notReporting: Number(entry.notReporting ?? 0),
      deleted: Number(entry.deleted ?? 0),
      durationMs: typeof entry.durationMs === 'number' ? entry.durationMs : undefined,
    };
    lines.push(line);
    marked += line.notReporting;
    if (line.durationMs === undefined) {
      pending.push(
        readLastRunAt().then((lastRunAt) => {
          line.lastRunAt = lastRunAt;
        }),
      );
    }
    for (const waiter of waiters) waiter();
  };
  const read = (chunk) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop();
    for (const part of parts) take(part);
  };
  for (const part of controller.output().split('\n')) take(part);
  controller.child.stdout.on('data', read);
  return {
    lines: () => lines,
    failures: () => failures,
    marked: () => marked,
    listeningAt: () => listeningAt,
    settled: () => Promise.all(pending),
    allMarked(count) {
      return new Promise((resolve) => {
        const check = () => marked >= count && resolve(true);
        waiters.push(check);
        check();
      });
    },
  };
}

/**
 * Heartbeats at `RATE` per second, evenly spaced, until `stop()`: request n is a POST of `bodyOf(n)`. Keeps, per
 * request, when it was sent (epoch ms), its latency (ms) and its status (0 for an error or timeout).
 */
function startLoad({ url, headers, bodyOf }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const sentAt = [];
  const latencies = [];
  const statuses = [];
  let errors = 0;
  let inFlight = 0;
  let maxLagMs = 0;
  let running = true;
  const send = (n) => {
    const body = bodyOf(n);
    sentAt[n] = Date.now();
    const began = performance.now();
    inFlight += 1;
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      timeout: HEARTBEAT_TIMEOUT_MS,
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        inFlight -= 1;
        latencies[n] = performance.now() - began;
        statuses[n] = response.statusCode;
      });
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => {
      inFlight -= 1;
      errors += 1;
      latencies[n] = NaN;
      statuses[n] = 0;
    });
    request.end(body);
  };
  const startedAt = Date.now();
  const loop = (async () => {
    const began = performance.now();
    let sent = 0;
    while (running) {
      const elapsedMs = performance.now() - began;
      const due = Math.floor((elapsedMs * RATE) / 1000) + 1;
      if (due - sent > 1) maxLagMs = Math.max(maxLagMs, elapsedMs - (sent * 1000) / RATE);
      while (sent < due) send(sent++);
      await sleep(TICK_MS);
    }
    const stoppedAt = Date.now();
    const deadline = performance.now() + HEARTBEAT_TIMEOUT_MS + 1000;
    while (inFlight > 0 && performance.now() < deadline) await sleep(10);
    agent.destroy();
    const answered = sentAt.length;
    for (let n = 0; n < answered; n += 1) {
      if (statuses[n] === undefined) {
        statuses[n] = 0;
        latencies[n] = NaN;
      }
    }
    return { sentAt, latencies, statuses, errors, maxLagMs, startedAt, stoppedAt };
  })();
  return {
    stop() {
      running = false;
      return loop;
    },
  };
}

/** `GET url` with one request in flight, the next `PROBE_INTERVAL_MS` after each answer, until `stop()`. */
function startProbe(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const answers = [];
  let running = true;
  const once = () =>
    new Promise((resolve) => {
      const request = http.get(url, { agent, timeout: PROBE_TIMEOUT_MS }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      });
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => resolve(0));
    });
  const loop = (async () => {
    while (running) {
      const status = await once();
      if (status === 200) answers.push({ at: Date.now(), mono: performance.now() });
      await sleep(PROBE_INTERVAL_MS);
    }
    agent.destroy();
    return answers;
  })();
  return {
    stop() {
      running = false;
      return loop;
    },
  };
}

const PHASES = [
  { key: 'warmup', label: `warm-up (the load's first ${STEADY_BEFORE_MS / 1000} s)` },
  { key: 'before', label: 'steady, before the pass' },
  { key: 'during', label: 'during the pass' },
  { key: 'after', label: 'after the pass' },
];

/** The bench process's own event loop: a timer every `PROBE_INTERVAL_MS`, each tick's time kept until `stop()`. */
function startSelfProbe() {
  const ticks = [];
  const timer = setInterval(() => ticks.push({ at: Date.now(), mono: performance.now() }), PROBE_INTERVAL_MS);
  return {
    async stop() {
      clearInterval(timer);
      return ticks;
    },
  };
}

/**
 * Heartbeats (by when they were sent) and event-loop holds split by phase: the load's warm-up, steady load before
 * the pass, the pass, after it. A hold is the gap between two consecutive probe answers less the probe interval;
 * one that overlaps the pass belongs to it. Each phase gets latency percentiles, answers other than 202, and its
 * longest hold with when it began (ms after the pass started).
 */
function splitByPhase({ sentAt, latencies, statuses, startedAt }, probes, ticks, { start, end }) {
  const phaseOf = (at) =>
    at < startedAt + STEADY_BEFORE_MS ? 'warmup' : at < start ? 'before' : at <= end ? 'during' : 'after';
  const byKey = Object.fromEntries(
    PHASES.map(({ key, label }) => [key, { label, latencies: [], other: 0, hold: 0, holdAt: NaN, ownHold: 0 }]),
  );
  for (let n = 0; n < sentAt.length; n += 1) {
    const phase = byKey[phaseOf(sentAt[n])];
    if (statuses[n] !== 202) phase.other += 1;
    if (Number.isFinite(latencies[n])) phase.latencies.push(latencies[n]);
  }
  const eachHold = (samples, take) => {
    for (let k = 1; k < samples.length; k += 1) {
      const [previous, next] = [samples[k - 1], samples[k]];
      const overlaps = next.at >= start && previous.at <= end;
      take(byKey[overlaps ? 'during' : phaseOf(next.at)], next.mono - previous.mono - PROBE_INTERVAL_MS, previous);
    }
  };
  eachHold(probes, (phase, hold, previous) => {
    if (hold > phase.hold) Object.assign(phase, { hold, holdAt: previous.at - start });
  });
  eachHold(ticks, (phase, hold) => {
    phase.ownHold = Math.max(phase.ownHold, hold);
  });
  return Object.fromEntries(
    Object.entries(byKey).map(([key, { latencies: picked, ...rest }]) => [
      key,
      { ...rest, ...summarizeLatencies(picked) },
    ]),
  );
}
