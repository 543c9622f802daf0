const DEFAULT_DURATION_SECONDS = 10;

/** The load settings every benchmark uses for both sides; only the duration may be changed (`BENCH_DURATION`). */
export function readSettings(env = process.env) {
  const raw = env.BENCH_DURATION;
  const durationSeconds = raw === undefined || raw === '' ? DEFAULT_DURATION_SECONDS : Number(raw);
  if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > 600) {
    throw new Error(`BENCH_DURATION must be a whole number of seconds from 1 to 600 (got "${raw}")`);
  }
  return Object.freeze({
    connections: 50,
    pipelining: 1,
    durationSeconds,
    warmupSeconds: Math.max(1, Math.round(durationSeconds * 0.3)),
  });
}
