import autocannon from 'autocannon';

// A run that outlives its duration by this much is stuck; it is stopped and reported rather than waited on.
const GRACE_MS = 30_000;
// Controller, baseline, baseline, controller: a drift in background load during the run weighs on both alike.
const ROUND_ORDER = ['controller', 'baseline', 'baseline', 'controller'];

/**
 * Loads both servers with the same settings: a warm-up each, then alternating rounds that add up to
 * `durationSeconds` per server. `request` may add `method`, `headers` and `body` to the plain GET, for both sides.
 * `sides.controller` / `sides.baseline` may refine one side: `request` is merged (shallowly) over the common one,
 * and `expectStatus` is the one HTTP status every answer of that side must have (by default: any 2xx). Answers
 * with another status are counted as `unexpected`, which the report treats as a problem.
 * Resolves to `{ controller, baseline }`, each with the figures the report shows (latencies in ms).
 */
export async function measureAgainstBaseline(urls, settings, request = {}, sides = {}) {
  const common = { connections: settings.connections, pipelining: settings.pipelining, ...request };
  const optionsOf = (side) => withHeadSupport({ ...common, ...sides[side]?.request, url: urls[side] });
  for (const side of ['controller', 'baseline']) {
    await runAutocannon({ ...optionsOf(side), duration: settings.warmupSeconds });
  }
  const rounds = { controller: [], baseline: [] };
  const roundSeconds = settings.durationSeconds / (ROUND_ORDER.length / 2);
  for (const side of ROUND_ORDER) {
    const cpuBefore = process.cpuUsage();
    const options = { ...optionsOf(side), duration: roundSeconds, skipAggregateResult: true };
    const result = await runAutocannon(options);
    const cpu = process.cpuUsage(cpuBefore);
    rounds[side].push({ result, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  return {
    controller: summarize(rounds.controller, optionsOf('controller'), sides.controller?.expectStatus),
    baseline: summarize(rounds.baseline, optionsOf('baseline'), sides.baseline?.expectStatus),
  };
}

/**
 * autocannon's response parser (http-parser-js) is never told that a request was HEAD, so it waits for the
 * Content-Length bytes that a HEAD answer rightly announces but never sends, and every request times out. For HEAD,
 * each client's parser is made to skip the body of every answer, as Node's own client does for HEAD.
 */
function withHeadSupport(options) {
  if (String(options.method ?? 'GET').toUpperCase() !== 'HEAD') return options;
  return { ...options, setupClient: skipResponseBodies };
}

// Runs in the Client constructor, before it installs its parser callbacks: the headers-complete callback it sets
// is wrapped to answer "skip the body" (the parser's contract, as for Node's HEAD responses).
function skipResponseBodies(client) {
  const { parser } = client;
  const key = parser.constructor.kOnHeadersComplete;
  let wrapped;
  Object.defineProperty(parser, key, {
    configurable: true,
    get: () => wrapped,
    set: (callback) => {
      wrapped = (...args) => {
        callback(...args);
        return 1;
      };
    },
  });
}

function summarize(rounds, options, expectStatus) {
  // Counted before aggregateResult, which adds the later rounds' status counts into the first round's objects.
  const statusCounts = countStatuses(rounds.map(({ result }) => result));
  const isExpected =
    expectStatus === undefined ? (status) => status >= 200 && status < 300 : (status) => status === expectStatus;
  const merged = autocannon.aggregateResult(
    rounds.map(({ result }) => result),
    options,
  );
  const seconds = sum(rounds.map(({ result }) => result.duration));
  const requests = sum(rounds.map(({ result }) => result.totalCompletedRequests));
  return {
    requestsPerSec: requests / seconds,
    latencyP50Ms: merged.latency.p50,
    latencyP99Ms: merged.latency.p99,
    latencyMaxMs: merged.latency.max,
    requests,
    roundsPerSec: rounds.map(({ result }) => result.totalCompletedRequests / result.duration),
    errors: merged.errors,
    timeouts: merged.timeouts,
    non2xx: merged.non2xx,
    // Answers by HTTP status, and how many had a status other than the expected one (`expectStatus` or any 2xx).
    statusCounts,
    expectStatus: expectStatus ?? '2xx',
    unexpected: sum(Object.entries(statusCounts).map(([status, count]) => (isExpected(Number(status)) ? 0 : count))),
    // Near 100 % the load generator, not the server, sets the rate, and ratios are squeezed towards 100 %.
    loadGeneratorCpuPercent: (sum(rounds.map(({ cpuMs }) => cpuMs)) / (seconds * 1000)) * 100,
  };
}

function countStatuses(results) {
  const counts = {};
  for (const result of results) {
    for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
      counts[status] = (counts[status] ?? 0) + count;
    }
  }
  return counts;
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

/** One autocannon run, stopped and reported when it outlives its duration by `GRACE_MS`. */
export function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    const limitMs = options.duration * 1000 + GRACE_MS;
    const timer = setTimeout(() => {
      instance.stop();
      reject(new Error(`autocannon against ${options.url} did not finish within ${limitMs / 1000} s`));
    }, limitMs);
    const instance = autocannon(options, (error, result) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result);
    });
  });
}
