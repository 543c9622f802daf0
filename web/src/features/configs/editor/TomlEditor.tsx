import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, placeholder as emptyHint } from '@codemirror/view';
import { Box } from '@mantine/core';
import type { Plugin } from '@telegraf-controller/contract/plugins';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { constantCompletion, type ConstantOption } from './constant-completion';
import { toDiagnostics, type EditorFindings } from './diagnostics';
import { editorTheme } from './editor-theme';
import { placeholderHighlighter } from './placeholders';
import { pluginCompletion } from './plugin-completion';
import { tomlLanguage } from './toml-language';

type TomlEditorProps = {
  value: string;
  /** Omitted for a read-only view. */
  onChange?: (value: string) => void;
  /** Validation findings; applied only while they describe the text in the editor. */
  findings?: EditorFindings | null;
  /** Defined constants, for `::{` completion and for flagging undefined ones; null when unknown. */
  constants?: readonly ConstantOption[] | null;
  /** The plugin catalogue, for completing plugin names in `[[inputs.` headers; null while unknown. */
  plugins?: readonly Plugin[] | null;
  label: string;
  readOnly?: boolean;
  minHeight?: number;
  maxHeight?: number;
  /** Shown while the document is empty. */
  emptyText?: string;
};

/**
 * CodeMirror 6 with TOML highlighting, boxed placeholders, server findings as diagnostics, and completion of
 * constants and plugin names.
 */
export function TomlEditor({
  value,
  onChange,
  findings = null,
  constants = null,
  plugins = null,
  label,
  readOnly = false,
  minHeight = 360,
  maxHeight = 640,
  emptyText = 'Write Telegraf TOML here, or upload a file.',
}: TomlEditorProps) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const constantsRef = useRef<readonly ConstantOption[]>(constants ?? []);
  const pluginsRef = useRef<readonly Plugin[]>(plugins ?? []);
  const highlighting = useRef(new Compartment());
  const editable = useRef(new Compartment());

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!parent.current) return;
    const editor = new EditorView({
      parent: parent.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          tomlLanguage,
          tomlLanguage.data.of({ autocomplete: constantCompletion(() => constantsRef.current) }),
          tomlLanguage.data.of({ autocomplete: pluginCompletion(() => pluginsRef.current) }),
          highlighting.current.of(placeholderHighlighter(null)),
          editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          lintGutter(),
          editorTheme,
          EditorView.theme({
            '.cm-content, .cm-gutter': { minHeight: `${minHeight}px` },
            '.cm-scroller': { maxHeight: `${maxHeight}px`, overflow: 'auto' },
          }),
          emptyHint(emptyText),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The view is made once; later prop changes reach it through the effects below.
  }, []);

  // A value set from outside (load, upload, save, reset) replaces the text; echoes of typing are equal and skipped.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    constantsRef.current = constants ?? [];
    view.current?.dispatch({
      effects: highlighting.current.reconfigure(
        placeholderHighlighter(constants ? new Set(constants.map(({ name }) => name)) : null),
      ),
    });
  }, [constants]);

  useEffect(() => {
    pluginsRef.current = plugins ?? [];
  }, [plugins]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
    });
  }, [readOnly]);

  // Findings about an older text are skipped: the ones shown are mapped through edits until fresh ones arrive.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    if (!findings) {
      editor.dispatch(setDiagnostics(editor.state, []));
      return;
    }
    if (findings.text !== editor.state.doc.toString()) return;
    editor.dispatch(setDiagnostics(editor.state, toDiagnostics(editor.state.doc, findings)));
  }, [findings]);

  return <Box ref={parent} data-testid="toml-editor" />;
}
