import { Badge, Tooltip } from '@mantine/core';
import { INCOMPATIBLE_DISPLAY } from './agent-flags';
import { INCOMPATIBLE_HELP } from './incompatibility';

/** Marks an agent, or one configuration it runs, as Incompatible; the tooltip says why. */
export function IncompatibleBadge({ reason = INCOMPATIBLE_HELP }: { reason?: string }) {
  return (
    <Tooltip label={reason} multiline maw={320}>
      <Badge color={INCOMPATIBLE_DISPLAY.color} variant="light" size="sm" radius="sm" tt="none">
        {INCOMPATIBLE_DISPLAY.label}
      </Badge>
    </Tooltip>
  );
}
