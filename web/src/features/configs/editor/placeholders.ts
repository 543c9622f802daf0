import {
  Decoration,
  MatchDecorator,
  ViewPlugin,
  type DecorationSet,
  type EditorView,
  type ViewUpdate,
} from '@codemirror/view';

/** The four substitution forms of ADR 17, told apart by what precedes the brace. */
export type PlaceholderKind = 'parameter' | 'constant' | 'env' | 'secret';

const KIND_BY_SIGIL: Readonly<Record<string, PlaceholderKind>> = {
  '&': 'parameter',
  '::': 'constant',
  $: 'env',
  '@': 'secret',
};

/** `&{…}`, `::{…}`, `${…}`, `@{…}` on one line; like the server, a reference ends at the first `}`. */
const PLACEHOLDER = /(&|::|\$|@)\{([^}\n]*)\}/g;

const marks = Object.fromEntries(
  Object.entries(KIND_BY_SIGIL).map(([, kind]) => [
    kind,
    Decoration.mark({ class: `cm-placeholder cm-placeholder-${kind}` }),
  ]),
) as Record<PlaceholderKind, Decoration>;

const undefinedConstant = Decoration.mark({
  class: 'cm-placeholder cm-placeholder-constant cm-placeholder-undefined',
  attributes: { title: 'Undefined constant: add it on the Constants page' },
});

/**
 * Boxes every placeholder in the colour of its kind. `knownConstants` is null while the constants are unknown (not
 * loaded, or not readable); otherwise a `::{name}` not in it is marked undefined.
 */
export function placeholderHighlighter(knownConstants: ReadonlySet<string> | null) {
  const decorator = new MatchDecorator({
    regexp: PLACEHOLDER,
    decoration: (match) => {
      const kind = KIND_BY_SIGIL[match[1] ?? ''] ?? 'parameter';
      if (kind === 'constant' && knownConstants && !knownConstants.has((match[2] ?? '').trim()))
        return undefinedConstant;
      return marks[kind];
    },
  });
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorator.createDeco(view);
      }
      update(update: ViewUpdate) {
        this.decorations = decorator.updateDeco(update, this.decorations);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
