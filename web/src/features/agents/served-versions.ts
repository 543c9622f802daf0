import type { ServedVersion, VersionBasis } from '@telegraf-controller/contract/agents';

/**
 * How each basis reads, and what it means: the help its badge gives on hover (`help`), and in a few words for the
 * legend of a table (`short`).
 */
export const BASIS_DISPLAY: Record<VersionBasis, { label: string; color: string; help: string; short: string }> = {
  exact: {
    label: 'Exact',
    color: 'teal',
    short: 'fetched with its own agent id',
    help: 'This agent fetched it with its own id (the parameter its heartbeat instance_id is made of): the version is the one it was served.',
  },
  inferred: {
    label: 'Inferred',
    color: 'blue',
    short: 'a fetch naming no agent was served at the URL it reports',
    help: 'A fetch that named no agent was served at the very URL this agent reports loading: the version is the one served there.',
  },
  unknown: {
    label: 'Unknown',
    color: 'gray',
    short: 'no fetch recorded; the version its heartbeat was linked to',
    help: 'No fetch by this agent, or at the URL it reports, was recorded: the version is the one its heartbeat was linked to.',
  },
};

/** What an Outdated badge on an agent says on hover. */
export const OUTDATED_HELP =
  'A configuration it loads has a newer version that it has not fetched, for longer than the grace: twice its observed fetch interval, else the Outdated grace in Settings.';

/** "v1 of v2"; "version not known of v2" for a group's member it was never seen fetching. */
export function versionInWords({ version, latestVersion }: Pick<ServedVersion, 'version' | 'latestVersion'>): string {
  return `${version === null ? 'version not known' : `v${version}`} of v${latestVersion}`;
}

/** Why one configuration it runs is Outdated, in one line: what the badge on it says on hover. */
export function outdatedReason({ latestVersion }: Pick<ServedVersion, 'latestVersion'>): string {
  return `v${latestVersion} was saved longer ago than the grace, and this agent has not fetched it.`;
}

/** The configurations an agent runs an older version of, each once (it may load one directly and in a group). */
export function outdatedRuns<Run extends Pick<ServedVersion, 'configId' | 'outdated'>>(
  links: readonly { runs: readonly Run[] }[],
): Run[] {
  const byConfig = new Map<string, Run>();
  for (const run of links.flatMap((link) => link.runs)) {
    if (run.outdated && !byConfig.has(run.configId)) byConfig.set(run.configId, run);
  }
  return [...byConfig.values()];
}
