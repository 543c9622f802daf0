import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@codemirror/lint';
import type { TomlFinding } from '@telegraf-controller/contract/toml';

/** Findings about one exact text: positions are only meaningful in the text they were computed on. */
export type EditorFindings = {
  text: string;
  errors: readonly TomlFinding[];
  warnings: readonly TomlFinding[];
};

const RULE_LABELS: Readonly<Record<TomlFinding['rule'], string>> = {
  syntax: 'TOML syntax',
  'telegraf-syntax': 'Telegraf syntax',
  structure: 'Structure',
  'unknown-plugin': 'Unknown plugin',
  'deprecated-plugin': 'Deprecated plugin',
  placeholder: 'Placeholder',
  'literal-credential': 'Literal credential',
  'incompatible-agents': 'Incompatible agents',
};

export function ruleLabel(rule: TomlFinding['rule']): string {
  return RULE_LABELS[rule] ?? rule;
}

/**
 * A 1-based line and column (UTF-16 units, as the server counts) as a range in the document: from the column to the
 * end of the word there, or the whole line when the column is past its text.
 */
function findingRange(doc: Text, finding: TomlFinding): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(finding.line, 1), doc.lines));
  const from = line.from + Math.min(Math.max(finding.column - 1, 0), line.length);
  const rest = doc.sliceString(from, line.to);
  const word = /^\S+/.exec(rest)?.[0].length ?? 0;
  if (word > 0) return { from, to: from + word };
  if (line.length > 0 && from === line.to) return { from: line.from + line.text.search(/\S|$/), to: line.to };
  return { from, to: from };
}

/**
 * The quick fix of a literal credential: its quoted value on the finding's line becomes the `${VARIABLE}` the
 * server suggests, set in the agent's environment. A multi-line string gets no fix (it spans lines the edit would
 * cut); a secret store is named in the message only, since Telegraf refuses a store this configuration lacks.
 */
export function credentialFixes(doc: Text, finding: TomlFinding): NonNullable<Diagnostic['actions']> {
  const variable = /\$\{([A-Z0-9_]+)\}/.exec(finding.message)?.[1];
  const line = doc.line(Math.min(Math.max(finding.line, 1), doc.lines));
  const start = line.from + Math.min(Math.max(finding.column - 1, 0), line.length);
  const rest = doc.sliceString(start, line.to);
  if (variable === undefined || /=\s*("""|''')/.test(rest)) return [];
  const value = /=\s*("(?:[^"\\]|\\.)*"|'[^']*')/.exec(rest);
  if (value === null) return [];
  const from = start + value.index + value[0].length - value[1]!.length;
  const to = from + value[1]!.length;
  return [
    {
      name: `Use \${${variable}}`,
      apply: (view) => view.dispatch({ changes: { from, to, insert: `"\${${variable}}"` } }),
    },
  ];
}

export function toDiagnostics(doc: Text, findings: EditorFindings): Diagnostic[] {
  const diagnostic = (finding: TomlFinding, severity: Diagnostic['severity']): Diagnostic => ({
    ...findingRange(doc, finding),
    severity,
    source: ruleLabel(finding.rule),
    message: finding.message,
    ...(finding.rule === 'literal-credential' ? { actions: credentialFixes(doc, finding) } : {}),
  });
  return [
    ...findings.errors.map((finding) => diagnostic(finding, 'error')),
    ...findings.warnings.map((finding) => diagnostic(finding, 'warning')),
  ];
}
