import type { Completion, CompletionSource } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { Plugin } from '@telegraf-controller/contract/plugins';

/** A plugin table header being typed: `[[inputs.` or `[outputs.` at the start of a line, then part of a name. */
const HEADER = /^\s*(\[\[?)(inputs|outputs|processors|aggregators|secretstores)\.([A-Za-z0-9_]*)$/;

/** Where a plugin runs and since when, short enough for the completion list: `1.8.0+ · linux`. */
export function pluginDetail(plugin: Plugin): string {
  const parts = [
    plugin.introduced === null ? null : `${plugin.introduced}+`,
    plugin.os.length === 0 ? null : plugin.os.includes('all') ? 'all OS' : plugin.os.join(', '),
    plugin.deprecated === null && plugin.removal === null ? null : 'deprecated',
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

function pluginInfo(plugin: Plugin): string {
  const lines = [
    plugin.introduced === null ? null : `Since Telegraf ${plugin.introduced}.`,
    plugin.os.length === 0 ? null : `Runs on ${plugin.os.includes('all') ? 'any system' : plugin.os.join(', ')}.`,
    plugin.tags.length === 0 ? null : `Tags: ${plugin.tags.join(', ')}.`,
    plugin.deprecated === null ? null : `Deprecated since Telegraf ${plugin.deprecated}.`,
    plugin.removal === null ? null : `Removed in Telegraf ${plugin.removal}.`,
  ];
  return lines.filter((line) => line !== null).join('\n');
}

/** Inserts the name, and the header's closing brackets unless bracket closing already typed them. */
function applyName(name: string, closing: string) {
  return (view: EditorView, _completion: Completion, from: number, to: number) => {
    const closed = view.state.sliceDoc(to, to + closing.length) === closing;
    const insert = closed ? name : `${name}${closing}`;
    view.dispatch({
      changes: { from, to, insert },
      selection: { anchor: from + name.length + closing.length },
      userEvent: 'input.complete',
    });
  };
}

/**
 * In a plugin table header, offers the catalogue's plugins of that type by name, with the Telegraf release that
 * introduced each and the systems it runs on as the detail; deprecated ones come last.
 */
export function pluginCompletion(plugins: () => readonly Plugin[]): CompletionSource {
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const typed = HEADER.exec(context.state.sliceDoc(line.from, context.pos));
    if (!typed) return null;
    const [, opening = '[', type, partial = ''] = typed;
    const closing = opening === '[[' ? ']]' : ']';
    const options = plugins()
      .filter((plugin) => plugin.type === type)
      .map((plugin) => ({
        label: plugin.name,
        type: 'class',
        detail: pluginDetail(plugin),
        info: pluginInfo(plugin),
        boost: plugin.deprecated === null && plugin.removal === null ? 0 : -1,
        apply: applyName(plugin.name, closing),
      }));
    if (options.length === 0) return null;
    return { from: context.pos - partial.length, options, validFor: /^[A-Za-z0-9_]*$/ };
  };
}
