/**
 * Results that are not a rate against a baseline: latency percentiles, a CPU share, a memory size, a duration or a
 * count, each judged against its own target. A benchmark returns them as `figures` (see README.md, "Adding a
 * benchmark"); RESULTS.md lists every one with its target and whether it was met.
 */

/**
 * One figure: `value` is the number the target judges, `shown` what RESULTS.md prints (by default the value),
 * `target` is `null` or `{ label, isMet(value) }`.
 */
export function figure(label, value, { shown, target = null } = {}) {
  return { label, value, shown: shown ?? String(value), target };
}

/** Met when the value is below `limit`; `label` says what is compared, e.g. `p99 < 20 ms`. */
export function below(limit, label) {
  return { label, isMet: (value) => value < limit };
}

/** Met when the value is at least `limit`. */
export function atLeast(limit, label) {
  return { label, isMet: (value) => value >= limit };
}

/** Nearest-rank percentile of values sorted ascending (`p` from 0 to 100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50, p99 and max of latencies in ms, in any order. */
export function summarizeLatencies(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
  };
}

/** Milliseconds with the precision that matters at their size: `0.84`, `12.3`, `1,204`. */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toLocaleString('en-US');
}

export function formatCount(value) {
  return Math.round(value).toLocaleString('en-US');
}

export function formatMiB(bytes) {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
