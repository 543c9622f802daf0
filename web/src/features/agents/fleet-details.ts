import type { AgentsSummary } from '@telegraf-controller/contract/agents';

/** Versions shown by name; the rest are folded into "Other". */
const NAMED_VERSIONS = 6;

export type Share = { name: string; count: number };

/** A share in whole percent, but never "0%" for a status some agents have. */
export function percentOf(count: number, total: number): string {
  if (total === 0) return '—';
  const share = (count / total) * 100;
  return share > 0 && share < 1 ? '<1%' : `${Math.round(share)}%`;
}

/** The numbers of "Telegraf 1.37.0" or "1.37.0-rc1", for ordering; null when there are none. */
function versionNumbers(version: string): number[] | null {
  const match = /(\d+(?:\.\d+)*)/.exec(version);
  return match ? match[1]!.split('.').map(Number) : null;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The newest version any matching agent reported, as reported. */
export function newestVersion(summary: AgentsSummary): string | null {
  let newest: { version: string; numbers: number[] } | null = null;
  for (const { version } of summary.telegrafVersion) {
    const numbers = version === null ? null : versionNumbers(version);
    if (version === null || numbers === null) continue;
    if (newest === null || compareVersions(numbers, newest.numbers) > 0) newest = { version, numbers };
  }
  return newest?.version ?? null;
}

/** The most common versions by count, "Unknown" for agents that never reported one, the rest as "Other". */
export function versionShares(summary: AgentsSummary): Share[] {
  const sorted = [...summary.telegrafVersion].sort((a, b) => b.count - a.count);
  const named = sorted.slice(0, NAMED_VERSIONS).map(({ version, count }) => ({ name: version ?? 'Unknown', count }));
  const other = sorted.slice(NAMED_VERSIONS).reduce((sum, { count }) => sum + count, 0);
  return other > 0 ? [...named, { name: 'Other', count: other }] : named;
}

export function lastReportedShares(summary: AgentsSummary): Share[] {
  const bands = summary.lastReported;
  return [
    { name: '< 5m', count: bands.lt5m },
    { name: '< 30m', count: bands.lt30m },
    { name: '< 1h', count: bands.lt1h },
    { name: '< 12h', count: bands.lt12h },
    { name: '< 24h', count: bands.lt24h },
    { name: 'Older', count: bands.older },
  ];
}
