// A synthetic fleet of Telegraf agents: deterministic schema-v1 heartbeat messages for `npm run simulate` and the
// heartbeat benchmarks. Agent i always has the same id, hostname, version and config sources; statuses, counters and
// logs vary from beat to beat the way a real fleet's do.

const VERSIONS = [
  ['Telegraf 1.37.0', 55],
  ['Telegraf 1.38.1', 30],
  ['Telegraf 1.36.4', 10],
  ['Telegraf 1.39.3 (git: HEAD@b2726314)', 5],
];
const SOURCES = ['inputs.cpu', 'inputs.disk', 'inputs.mem', 'outputs.influxdb_v2', 'inputs.http::api', ''];
const MESSAGES = [
  'Error in plugin: connection refused',
  'Collection took longer than expected; not complete after interval of 10s',
  'Metric buffer overflow; 120 metrics have been dropped',
  'When writing to [http://influxdb:8086]: Post "http://influxdb:8086/api/v2/write": context deadline exceeded',
];

/** A small, fast, seedable generator (mulberry32), so runs are reproducible. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(weighted, r) {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let x = r * total;
  for (const [value, weight] of weighted) {
    if ((x -= weight) < 0) return value;
  }
  return weighted.at(-1)[0];
}

export const agentId = (i) => `sim-${String(i).padStart(6, '0')}`;

/**
 * The heartbeat agent `i` sends on its `beat`-th interval. `configUrls` are controller URLs the fleet loads (the
 * first is given to most agents); every agent also reports a local file, as Telegraf does for `--config-directory`.
 */
export function heartbeat(i, beat, { configUrls = [], now = Date.now() } = {}) {
  const stable = random(i * 7919 + 1);
  const r = random(i * 104729 + beat * 31 + 7);
  const role = stable() < 0.7 ? 'web' : stable() < 0.5 ? 'db' : 'edge';
  const roll = r();
  const status = roll < 0.9 ? 'OK' : roll < 0.96 ? 'WARN' : roll < 0.99 ? 'FAIL' : 'UNDEFINED';
  const errors = status === 'FAIL' ? 1 + Math.floor(r() * 5) : 0;
  const warnings = status === 'WARN' ? 1 + Math.floor(r() * 3) : 0;
  const logs = [];
  for (let n = 0; n < errors + warnings; n++) {
    logs.push({
      time: new Date(now - Math.floor(r() * 60_000)).toISOString(),
      level: n < errors ? 'ERROR' : 'WARN',
      source: SOURCES[Math.floor(r() * SOURCES.length)],
      ...(r() < 0.5 ? { attributes: { category: 'inputs', plugin: 'cpu' } } : {}),
      message: MESSAGES[Math.floor(r() * MESSAGES.length)],
    });
  }
  const configurations = ['/etc/telegraf/telegraf.d/local.conf'];
  if (configUrls.length > 0) {
    const url = configUrls[stable() < 0.8 ? 0 : Math.floor(stable() * configUrls.length)];
    configurations.unshift(`${url}${url.includes('?') ? '&' : '?'}agent_id=${agentId(i)}`);
  }
  return {
    id: agentId(i),
    version: pick(VERSIONS, stable()),
    schema: 1,
    hostname: `${role}-${String(i).padStart(6, '0')}.example.net`,
    configurations,
    statistics: { errors, warnings, metrics: 200 + Math.floor(r() * 800) },
    logs,
    status,
  };
}
