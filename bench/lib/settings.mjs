const DEFAULT_DURATION_SECONDS = 10;

/**
 * The load settings every benchmark uses for both sides; only the duration (`BENCH_DURATION`) and the number of runs
 * of each benchmark (`BENCH_RUNS`, odd: the run with the median ratio is reported) may be changed.
 */
export function readSettings(env = process.env) {
  const raw = env.BENCH_DURATION;
  const durationSeconds = raw === undefined || raw === '' ? DEFAULT_DURATION_SECONDS : Number(raw);
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > 600) {
    throw new Error(`BENCH_DURATION must be a whole number of seconds from 1 to 600 (got "${raw}")`);
  }
  const runsRaw = env.BENCH_RUNS;
  const runs = runsRaw === undefined || runsRaw === '' ? 1 : Number(runsRaw);
  if (!Number.isInteger(runs) || runs < 1 || runs > 9 || runs % 2 === 0) {
    throw new Error(`BENCH_RUNS must be an odd whole number from 1 to 9 (got "${runsRaw}")`);
  }
  return Object.freeze({
    runs,
    connections: 50,
    pipelining: 1,
    durationSeconds,
    warmupSeconds: Math.max(1, Math.round(durationSeconds * 0.3)),
  });
}
