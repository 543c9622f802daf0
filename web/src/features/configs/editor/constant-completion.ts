import type { Completion, CompletionSource } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';

export type ConstantOption = { name: string; value: string };

/** Inserts the name, and the closing brace unless one already follows (bracket closing may have typed it). */
function applyName(name: string) {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const closed = view.state.sliceDoc(to, to + 1) === '}';
    const insert = closed ? name : `${name}}`;
    view.dispatch({
      changes: { from, to, insert },
      selection: { anchor: from + name.length + 1 },
      userEvent: 'input.complete',
    });
  };
}

/** After `::{`, offers the defined constants by name, their value as the detail. */
export function constantCompletion(constants: () => readonly ConstantOption[]): CompletionSource {
  return (context) => {
    const typed = context.matchBefore(/::\{[A-Za-z0-9_]*$/);
    if (!typed) return null;
    const options = constants().map(({ name, value }) => ({
      label: name,
      type: 'constant',
      detail: value.length > 40 ? `${value.slice(0, 39)}…` : value,
      apply: applyName(name),
    }));
    if (options.length === 0) return null;
    return { from: typed.from + 3, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}
