import { Code, Group, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';

type Change = { from: unknown; to: unknown };

function isChange(value: unknown): value is Change {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('from') && keys.includes('to');
}

const isPlain = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** A value on one line: text as it is, a list of plain values comma-separated, anything else as JSON. */
function oneLine(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (Array.isArray(value) && value.every(isPlain)) return value.length === 0 ? 'none' : value.join(', ');
  return isPlain(value) ? String(value) : JSON.stringify(value);
}

/** One field of an entry's details: a change as "before → after", a plain value as text, a structure as JSON. */
export function AuditDetailValue({ value }: { value: unknown }) {
  if (isChange(value)) {
    return (
      <Group gap={6} wrap="wrap">
        <Code style={{ wordBreak: 'break-word' }}>{oneLine(value.from)}</Code>
        <IconArrowRight size={14} aria-label="changed to" />
        <Code style={{ wordBreak: 'break-word' }}>{oneLine(value.to)}</Code>
      </Group>
    );
  }
  if (typeof value === 'object' && value !== null && !(Array.isArray(value) && value.every(isPlain))) {
    return (
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {JSON.stringify(value, null, 2)}
      </Code>
    );
  }
  return (
    <Text size="sm" style={{ wordBreak: 'break-word' }}>
      {oneLine(value)}
    </Text>
  );
}
