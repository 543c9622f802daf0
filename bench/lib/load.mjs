import autocannon from 'autocannon';

// A run that outlives its duration by this much is stuck; it is stopped and reported rather than waited on.
const GRACE_MS = 30_000;
// Controller, baseline, baseline, controller: a drift in background load during the run weighs on both alike.
const ROUND_ORDER = ['controller', 'baseline', 'baseline', 'controller'];

/**
 * Loads both servers with the same settings: a warm-up each, then alternating rounds that add up to
 * `durationSeconds` per server. `request` may add `method`, `headers` and `body` to the plain GET.
 * Resolves to `{ controller, baseline }`, each with the figures the report shows (latencies in ms).
 */
export async function measureAgainstBaseline(urls, settings, request = {}) {
  const common = { connections: settings.connections, pipelining: settings.pipelining, ...request };
  for (const side of ['controller', 'baseline']) {
    await runAutocannon({ ...common, url: urls[side], duration: settings.warmupSeconds });
  }
  const rounds = { controller: [], baseline: [] };
  const roundSeconds = settings.durationSeconds / (ROUND_ORDER.length / 2);
  for (const side of ROUND_ORDER) {
    const cpuBefore = process.cpuUsage();
    const options = { ...common, url: urls[side], duration: roundSeconds, skipAggregateResult: true };
    const result = await runAutocannon(options);
    const cpu = process.cpuUsage(cpuBefore);
    rounds[side].push({ result, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  return {
    controller: summarize(rounds.controller, { ...common, url: urls.controller }),
    baseline: summarize(rounds.baseline, { ...common, url: urls.baseline }),
  };
}

function summarize(rounds, options) {
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
    // Near 100 % the load generator, not the server, sets the rate, and ratios are squeezed towards 100 %.
    loadGeneratorCpuPercent: (sum(rounds.map(({ cpuMs }) => cpuMs)) / (seconds * 1000)) * 100,
  };
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

function runAutocannon(options) {
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
