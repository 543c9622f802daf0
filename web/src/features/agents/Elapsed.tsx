import { Text, Tooltip, type TextProps } from '@mantine/core';
import { formatDateTime } from '../../ui/format';
import { formatElapsed, useNow } from './agent-time';

/** Time since a timestamp, ticking every second; the exact time in a tooltip. */
export function Elapsed({ at, ...props }: { at: string } & TextProps) {
  const now = useNow();
  return (
    <Tooltip label={formatDateTime(at)}>
      <Text size="sm" w="fit-content" style={{ whiteSpace: 'nowrap' }} {...props}>
        {formatElapsed(at, now)}
      </Text>
    </Tooltip>
  );
}
