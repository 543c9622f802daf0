import { EditorView } from '@codemirror/view';

/** One box per placeholder kind: text, fill and border from the same Mantine palette. */
const box = (color: string) => ({
  color: `var(--mantine-color-${color}-8)`,
  backgroundColor: `var(--mantine-color-${color}-0)`,
  border: `1px solid var(--mantine-color-${color}-4)`,
  borderRadius: '3px',
  padding: '0 1px',
});

/** The editor inside the app: the app's monospace font and borders; placeholders boxed in their colour. */
export const editorTheme = EditorView.theme({
  '&': {
    fontSize: '13px',
    backgroundColor: 'var(--mantine-color-body)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-md)',
    overflow: 'hidden',
  },
  '&.cm-focused': { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)', lineHeight: '1.55' },
  '.cm-gutters': {
    backgroundColor: 'var(--mantine-color-gray-0)',
    borderRight: '1px solid var(--mantine-color-default-border)',
    color: 'var(--mantine-color-gray-6)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--mantine-color-gray-2)' },
  '.cm-activeLine': { backgroundColor: 'rgba(47, 91, 170, 0.04)' },
  '.cm-placeholder': { fontWeight: 500 },
  // Syntax colours inside a placeholder give way to the placeholder's own.
  '.cm-placeholder span': { color: 'inherit' },
  '.cm-placeholder-parameter': box('pink'),
  '.cm-placeholder-constant': box('orange'),
  '.cm-placeholder-env': box('teal'),
  '.cm-placeholder-secret': box('violet'),
  '.cm-placeholder-undefined': {
    borderStyle: 'dashed',
    borderColor: 'var(--mantine-color-red-6)',
    textDecoration: 'underline wavy var(--mantine-color-red-6)',
  },
  '.cm-tooltip': { borderRadius: 'var(--mantine-radius-sm)', fontSize: '13px' },
  '.cm-diagnostic': { fontFamily: 'var(--mantine-font-family)', padding: '4px 8px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--mantine-color-red-6)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--mantine-color-yellow-6)' },
  '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy var(--mantine-color-yellow-6)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--mantine-color-red-6)' },
});
