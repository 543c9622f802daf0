import { ActionIcon, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { ClipboardCopy } from './ClipboardCopy';

type CopyActionProps = {
  value: string;
  /** The button's accessible name and tooltip, e.g. "Copy ID". */
  label: string;
};

/** A small copy-to-clipboard icon that turns into a check for a moment once copied. */
export function CopyAction({ value, label }: CopyActionProps) {
  return (
    <ClipboardCopy value={value}>
      {({ copied, failed, copy }) => (
        <Tooltip
          label={copied ? 'Copied' : failed ? 'Copying failed: select it and copy it yourself' : label}
          withArrow
        >
          <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
            {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </ClipboardCopy>
  );
}
