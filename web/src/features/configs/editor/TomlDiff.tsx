import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { placeholderHighlighter } from './placeholders';
import { tomlLanguage } from './toml-language';

const readOnlyToml = [
  lineNumbers(),
  tomlLanguage,
  syntaxHighlighting(defaultHighlightStyle),
  placeholderHighlighter(null),
  EditorState.readOnly.of(true),
  EditorView.editable.of(false),
  EditorView.theme({
    '&': { fontSize: '13px' },
    '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)', lineHeight: '1.55' },
    '.cm-gutters': { backgroundColor: 'var(--mantine-color-gray-0)', color: 'var(--mantine-color-gray-6)' },
    '.cm-placeholder': { borderRadius: '3px', padding: '0 1px' },
    '.cm-placeholder-parameter': { color: 'var(--mantine-color-pink-8)' },
    '.cm-placeholder-constant': { color: 'var(--mantine-color-orange-8)' },
    '.cm-placeholder-env': { color: 'var(--mantine-color-teal-8)' },
    '.cm-placeholder-secret': { color: 'var(--mantine-color-violet-8)' },
  }),
];

type TomlDiffProps = {
  /** The base (older) text, on the left. */
  original: string;
  /** The newer text, on the right. */
  modified: string;
  /** Called with the number of changed regions once the diff is computed. */
  onChunks?: (count: number) => void;
};

/** A side-by-side, read-only diff of two TOML texts; long unchanged stretches collapse. */
export function TomlDiff({ original, modified, onChunks }: TomlDiffProps) {
  const parent = useRef<HTMLDivElement>(null);
  const onChunksRef = useRef(onChunks);

  useEffect(() => {
    onChunksRef.current = onChunks;
  }, [onChunks]);

  useEffect(() => {
    if (!parent.current) return;
    const view = new MergeView({
      parent: parent.current,
      a: { doc: original, extensions: readOnlyToml },
      b: { doc: modified, extensions: readOnlyToml },
      collapseUnchanged: { margin: 3, minSize: 6 },
      gutter: true,
      highlightChanges: true,
    });
    onChunksRef.current?.(view.chunks.length);
    return () => view.destroy();
  }, [original, modified]);

  return (
    <Box
      ref={parent}
      data-testid="toml-diff"
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        overflow: 'auto',
        maxHeight: '65vh',
      }}
    />
  );
}
