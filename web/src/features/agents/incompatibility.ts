import type { ServedVersion } from '@telegraf-controller/contract/agents';

/** What an Incompatible badge on an agent says on hover. */
export const INCOMPATIBLE_HELP =
  'The Telegraf version it reports cannot run the current version of a configuration it loads: it lacks a plugin or option the configuration uses, or no longer has a plugin it names.';

/** Why one configuration it runs is Incompatible, in one line: what the badge on it says on hover. */
export function incompatibleReason({ latestVersion }: Pick<ServedVersion, 'latestVersion'>): string {
  return `The Telegraf version this agent reports cannot run v${latestVersion}, for the reasons listed.`;
}

/**
 * The configurations whose current version the agent's Telegraf cannot run, each once (it may load one directly
 * and in a group; the reasons are the same, since they compare the same version with the same Telegraf).
 */
export function incompatibleRuns<Run extends Pick<ServedVersion, 'configId' | 'incompatible'>>(
  links: readonly { runs: readonly Run[] }[],
): Run[] {
  const byConfig = new Map<string, Run>();
  for (const run of links.flatMap((link) => link.runs)) {
    if (run.incompatible.length > 0 && !byConfig.has(run.configId)) byConfig.set(run.configId, run);
  }
  return [...byConfig.values()];
}
