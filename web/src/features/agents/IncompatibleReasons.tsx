import { List } from '@mantine/core';
import { INCOMPATIBLE_DISPLAY } from './agent-flags';

type IncompatibleReasonsProps = {
  /** As the server words them: `inputs.x: Telegraf 1.38.0 or later`, `inputs.y: removed in Telegraf 1.40.0`. */
  reasons: readonly string[];
  /** The configuration they are about, for the list's accessible name. */
  configName: string;
};

/** Why the agent's Telegraf cannot run one configuration: what it uses that this release lacks, or has removed. */
export function IncompatibleReasons({ reasons, configName }: IncompatibleReasonsProps) {
  return (
    <List
      size="sm"
      spacing={0}
      c={`${INCOMPATIBLE_DISPLAY.color}.9`}
      aria-label={`Why its Telegraf cannot run ${configName}`}
    >
      {reasons.map((reason) => (
        <List.Item key={reason}>{reason}</List.Item>
      ))}
    </List>
  );
}
