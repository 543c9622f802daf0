import { Badge, Tooltip } from '@mantine/core';
import { OUTDATED_DISPLAY } from './agent-flags';
import { OUTDATED_HELP } from './served-versions';

/** Marks an agent, or one configuration it runs, as Outdated; the tooltip says why. */
export function OutdatedBadge({ reason = OUTDATED_HELP }: { reason?: string }) {
  return (
    <Tooltip label={reason} multiline maw={320}>
      <Badge color={OUTDATED_DISPLAY.color} variant="light" size="sm" radius="sm" tt="none">
        {OUTDATED_DISPLAY.label}
      </Badge>
    </Tooltip>
  );
}
