import autocannon from 'autocannon';

// A run that outlives its duration by this much is stuck; it is stopped and reported rather than waited on.
const GRACE_MS = 30_000;

/**
 * Warms the server up, then measures it with autocannon; returns what the report shows. Latencies are in ms.
 * `request` may add `method`, `headers` and `body` for benchmarks that are not a plain GET.
 */
export async function measureServer(url, settings, request = {}) {
  const options = { url, connections: settings.connections, pipelining: settings.pipelining, ...request };
  await runAutocannon({ ...options, duration: settings.warmupSeconds });
  const cpuBefore = process.cpuUsage();
  const result = await runAutocannon({ ...options, duration: settings.durationSeconds });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    requestsPerSec: result.requests.mean,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    // Near 100 % the load generator, not the server, sets the rate, and ratios are squeezed towards 100 %.
    loadGeneratorCpuPercent: ((cpu.user + cpu.system) / 1000 / (result.duration * 1000)) * 100,
  };
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
