/**
 * How long a fleet summary (per-status counts, versions, last-reported bands, the total a list shows) is reused.
 * Rows are always read fresh; counts over a fleet of 100,000 cost a scan, so the fleet bar and list totals may be
 * this old when only heartbeats changed them. People's changes to agents, labels or rules, and new agents, clear
 * them at once. The option `--fleet-counts-max-age` sets the age; the set of Outdated agents is kept here too.
 */
export const AGENT_COUNTS_MAX_AGE_MS = 5000;

/** Distinct filters remembered at once; the oldest goes first. */
const MAX_ENTRIES = 500;

export interface AgentCounts {
  /** The value computed for `key` less than the max age ago (or being computed), else `compute()`'s. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Forgets every value; one being computed is not kept when it arrives. */
  clear(): void;
}

export function createAgentCounts({ maxAgeMs = AGENT_COUNTS_MAX_AGE_MS, now = Date.now } = {}): AgentCounts {
  let entries = new Map<string, { at: number; value: Promise<unknown> }>();
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const at = now();
      const held = entries.get(key);
      if (held !== undefined && at - held.at < maxAgeMs) return held.value as Promise<T>;
      const value = compute();
      const kept = entries;
      kept.delete(key);
      kept.set(key, { at, value });
      if (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value!);
      // A failure is answered to whoever waits for it, never reused.
      value.catch(() => (kept.get(key)?.value === value ? kept.delete(key) : undefined));
      return value;
    },
    clear() {
      entries = new Map();
    },
  };
}
