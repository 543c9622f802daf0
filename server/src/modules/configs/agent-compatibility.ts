import type { TomlFinding } from '@telegraf-controller/contract/toml';
import { telegrafVersionKey } from '../../lib/telegraf-version.js';
import type { TelegrafRequirement } from './toml/telegraf-requirements.js';

/**
 * The editor's warnings for a change (issue 20 item 7): each requirement of the new text that agents loading the
 * configuration today could not meet, with how many, at the line that asks for it.
 */
export function compatibilityWarnings(
  requirements: readonly TelegrafRequirement[],
  versions: ReadonlyArray<{ versionKey: string; count: number }>,
): TomlFinding[] {
  return requirements.flatMap(({ kind, version, what, line, column }) => {
    const key = telegrafVersionKey(version)!;
    const failing = versions
      .filter(({ versionKey }) => (kind === 'introduced' ? versionKey < key : versionKey >= key))
      .reduce((sum, { count }) => sum + count, 0);
    if (failing === 0) return [];
    const agents =
      failing === 1
        ? '1 agent that loads this configuration runs'
        : `${failing} agents that load this configuration run`;
    const message =
      kind === 'introduced'
        ? `${agents} Telegraf older than ${version}, the first release with ${what}`
        : `${agents} Telegraf ${version} or later, which removes ${what}`;
    return [{ line, column, message, rule: 'incompatible-agents' as const }];
  });
}
