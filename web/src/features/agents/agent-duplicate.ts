import type { AgentSummaryRow } from '@telegraf-controller/contract/agents';

/** The duplicate-id flag of an agent that has one: two machines heartbeat with its id in turn. */
export type AgentDuplicate = NonNullable<AgentSummaryRow['duplicate']>;

/**
 * The two hostnames that take turns, the one changed back to first: "web-a and web-b". The contract allows fewer
 * than two, so a missing one is named in words rather than shown as blank.
 */
export function formatDuplicateHosts(hosts: readonly string[]): string {
  const [first = 'one machine', second = 'another'] = hosts;
  return `${first} and ${second}`;
}

/** How many changes back were seen: "1 switch", "4 switches". */
export function formatSwitchCount(count: number): string {
  return `${count.toLocaleString()} switch${count === 1 ? '' : 'es'}`;
}
