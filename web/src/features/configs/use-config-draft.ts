import { useDebouncedValue } from '@mantine/hooks';
import { TomlFindingRule, type TomlFinding } from '@telegraf-controller/contract/toml';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../api';
import { useFormFields } from '../../ui/use-form-fields';
import { useCan } from '../auth/use-can';
import { useConstants } from '../constants/constants.queries';
import { usePluginCatalogue } from '../plugins/plugins.queries';
import { useTomlValidation } from './configs.queries';
import type { EditorFindings } from './editor/diagnostics';

const VALIDATE_DELAY_MS = 300;
const RULES = new Set<string>(TomlFindingRule.anyOf.map((literal) => literal.const));

export type DraftField = 'name' | 'description' | 'note';
export type DraftValues = { name: string; description: string; toml: string };

/**
 * `invalid_toml` findings from a save (problem `errors[]` with `pointer: /toml` and the finding's line, column and
 * rule as extra members), as editor findings about the text that was sent.
 */
function savedFindings(error: ApiError, text: string): EditorFindings | null {
  if (error.code !== 'invalid_toml') return null;
  const errors: TomlFinding[] = [];
  for (const item of error.problem.errors ?? []) {
    const { line, column, rule } = item as Record<string, unknown>;
    if (item.pointer !== '/toml' || typeof line !== 'number' || typeof column !== 'number') continue;
    const known = typeof rule === 'string' && RULES.has(rule);
    // The message repeats the position for readers of the bare problem; the editor shows it already.
    const message = item.message.replace(/^line \d+, column \d+: /, '');
    errors.push({ line, column, message, rule: (known ? rule : 'syntax') as TomlFinding['rule'] });
  }
  return { text, errors, warnings: [] };
}

/**
 * The state of a configuration being written: its fields, its TOML, the server's verdict on the TOML (checked a
 * moment after typing stops), the constants it may refer to and the plugin catalogue for its tables' names.
 * `initial` is what is saved; a saved change remounts the owner with the new values. `configId` names the saved
 * configuration being edited (null for a new one), so the verdict also warns where agents that load it could not
 * run the text.
 */
export function useConfigDraft(initial: DraftValues, configId: string | null) {
  const form = useFormFields<DraftField>({ name: initial.name, description: initial.description, note: '' });
  const [toml, setToml] = useState(initial.toml);
  const [saveError, setSaveError] = useState<{ error: ApiError; text: string; onFields: boolean } | null>(null);
  const [debouncedToml] = useDebouncedValue(toml, VALIDATE_DELAY_MS);
  const validation = useTomlValidation(debouncedToml, configId);
  const canReadConstants = useCan('constants:read');
  const constantList = useConstants(canReadConstants);
  const pluginCatalogue = usePluginCatalogue();

  const constants = useMemo(
    () => constantList.data?.items.map(({ name, value }) => ({ name, value })) ?? null,
    [constantList.data],
  );

  const findings = useMemo<EditorFindings | null>(() => {
    const fromSave = saveError && saveError.text === toml ? savedFindings(saveError.error, saveError.text) : null;
    if (fromSave) return fromSave;
    const result = validation.data;
    return result ? { text: result.toml, errors: result.errors, warnings: result.warnings } : null;
  }, [saveError, toml, validation.data]);

  const tomlChanged = toml !== initial.toml;
  const dirty =
    tomlChanged || form.values.name.trim() !== initial.name || form.values.description.trim() !== initial.description;

  /** A failed save: field messages go by their inputs, TOML findings into the editor, anything else above. */
  const showSaveError = (error: ApiError) => {
    setSaveError({ error, text: toml, onFields: form.showServerErrors(error) });
  };

  return {
    form,
    toml,
    setToml,
    findings,
    checking: validation.isFetching || toml !== debouncedToml,
    validationError: validation.error,
    placeholders: validation.data?.placeholders ?? null,
    constants,
    plugins: pluginCatalogue.data ?? null,
    tomlChanged,
    dirty,
    /** The failed save to show above the form, when its message belongs to no field. */
    saveError: saveError && !saveError.onFields ? saveError.error : null,
    clearSaveError: () => setSaveError(null),
    showSaveError,
  };
}

export type ConfigDraft = ReturnType<typeof useConfigDraft>;
