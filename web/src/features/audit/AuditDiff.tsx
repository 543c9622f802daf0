import { Code } from '@mantine/core';
import type { CSSProperties } from 'react';

type LineKind = 'file' | 'hunk' | 'added' | 'removed' | 'context';

function kindOf(line: string): LineKind {
  if (line.startsWith('+++ ') || line.startsWith('--- ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}

const LOOK: Record<LineKind, CSSProperties> = {
  file: { fontWeight: 600, color: 'var(--mantine-color-dimmed)' },
  hunk: { color: 'var(--mantine-color-blue-light-color)', backgroundColor: 'var(--mantine-color-blue-light)' },
  added: { color: 'var(--mantine-color-green-light-color)', backgroundColor: 'var(--mantine-color-green-light)' },
  removed: { color: 'var(--mantine-color-red-light-color)', backgroundColor: 'var(--mantine-color-red-light)' },
  context: {},
};

/** A unified diff as the server writes it (a configuration's TOML before and after), added and removed lines coloured. */
export function AuditDiff({ diff }: { diff: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <Code block data-testid="audit-diff" style={{ maxHeight: '50vh', overflow: 'auto', padding: 0 }}>
      {lines.map((line, index) => {
        const kind = kindOf(line);
        return (
          <span
            key={index}
            data-line={kind}
            style={{ display: 'block', padding: '0 var(--mantine-spacing-xs)', whiteSpace: 'pre', ...LOOK[kind] }}
          >
            {line || ' '}
          </span>
        );
      })}
    </Code>
  );
}
