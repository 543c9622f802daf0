import { Anchor, Code, Group } from '@mantine/core';
import { CopyAction } from './CopyAction';

type CopyValueProps = {
  value: string;
  /** What the copy button says it copies, e.g. "Copy ID". */
  label: string;
  /** The value is an address worth opening: it is shown as a link to itself. */
  link?: boolean;
};

/** A value people paste elsewhere (an ID, a URL), in monospace with a copy button. */
export function CopyValue({ value, label, link = false }: CopyValueProps) {
  return (
    <Group gap={4} wrap="nowrap">
      {link ? (
        <Anchor
          href={value}
          target="_blank"
          rel="noreferrer"
          size="sm"
          ff="monospace"
          style={{ wordBreak: 'break-all' }}
        >
          {value}
        </Anchor>
      ) : (
        <Code fz="xs" style={{ wordBreak: 'break-all' }}>
          {value}
        </Code>
      )}
      <CopyAction value={value} label={label} />
    </Group>
  );
}
