import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import type { Plugin } from '@telegraf-controller/contract/plugins';
import { describe, expect, it } from 'vitest';
import { pluginCompletion, pluginDetail } from './plugin-completion';

const plugin = (type: Plugin['type'], name: string, facts: Partial<Plugin> = {}): Plugin => ({
  type,
  name,
  introduced: '1.0.0',
  deprecated: null,
  removal: null,
  os: ['all'],
  tags: [],
  ...facts,
});

const CATALOGUE: Plugin[] = [
  plugin('inputs', 'cpu', { introduced: '0.1.5' }),
  plugin('inputs', 'bcache', { os: ['linux'] }),
  plugin('outputs', 'amon', { deprecated: '1.37.0', removal: '1.40.0' }),
  plugin('parsers', 'json', { introduced: null, os: [] }),
];

/** The completion offered with the cursor at the end of the text. */
function complete(text: string): CompletionResult | null {
  const state = EditorState.create({ doc: text });
  const result = pluginCompletion(() => CATALOGUE)(new CompletionContext(state, text.length, false));
  if (result instanceof Promise) throw new Error('the source answers at once');
  return result;
}

describe('plugin name completion', () => {
  it('offers the plugins of the header’s type after [[inputs. and [outputs.', () => {
    const inputs = complete('[agent]\n[[inputs.');
    expect(inputs?.options.map((option) => option.label)).toEqual(['cpu', 'bcache']);
    expect(inputs?.from).toBe('[agent]\n[[inputs.'.length);
    const outputs = complete('  [outputs.am');
    expect(outputs?.options.map((option) => option.label)).toEqual(['amon']);
    expect(outputs?.from).toBe('  [outputs.'.length);
  });

  it('offers nothing outside a plugin table header', () => {
    for (const text of ['[[inputs', 'x = "[[inputs.', '[[parsers.', '[[inputs.cpu]]\n  percpu']) {
      expect(complete(text), text).toBeNull();
    }
  });

  it('describes each plugin by the release that introduced it and where it runs, and ranks deprecated ones last', () => {
    expect(CATALOGUE.map(pluginDetail)).toEqual([
      '0.1.5+ · all OS',
      '1.0.0+ · linux',
      '1.0.0+ · all OS · deprecated',
      '',
    ]);
    expect(complete('[[outputs.')?.options[0]).toMatchObject({ boost: -1 });
  });
});
