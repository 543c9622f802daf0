import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { TomlFinding } from '@telegraf-controller/contract/toml';
import { credentialFixes, toDiagnostics } from './diagnostics';

const text = ['[[outputs.influxdb_v2]]', '  urls = ["http://db:8086"]', '  token = "s3cr3t"  # the prod one', ''].join(
  '\n',
);
const finding: TomlFinding = {
  line: 3,
  column: 3,
  message:
    'token of outputs.influxdb_v2 is a literal credential, served to every agent and kept in every version: use ${INFLUXDB_V2_TOKEN} (set on the agent) or @{store:key} (a secret store)',
  rule: 'literal-credential',
};

/** Applies an action to the document, as CodeMirror would, and answers the new text. */
function applied(action: ReturnType<typeof credentialFixes>[number]): string {
  let state = EditorState.create({ doc: text });
  const view = { dispatch: (spec: object) => (state = state.update(spec).state) };
  action.apply(view as never, 0, 0);
  return state.doc.toString();
}

describe('literal credential quick fixes', () => {
  it('replace the quoted value by the suggested environment variable', () => {
    const doc = EditorState.create({ doc: text }).doc;
    const [useVariable, ...others] = credentialFixes(doc, finding);
    expect(useVariable!.name).toBe('Use ${INFLUXDB_V2_TOKEN}');
    expect(applied(useVariable!)).toContain('  token = "${INFLUXDB_V2_TOKEN}"  # the prod one');
    expect(others).toEqual([]);
    const [diagnostic] = toDiagnostics(doc, { text, errors: [], warnings: [finding] });
    expect(diagnostic).toMatchObject({ severity: 'warning', source: 'Literal credential' });
    expect(diagnostic!.actions).toHaveLength(1);
  });

  it('offers nothing when the line holds no quoted value, or a multi-line string', () => {
    for (const line of ['token = 12', 'token = """hunter2"""', "token = '''hunter2'''"]) {
      const doc = EditorState.create({ doc: `${line}\n` }).doc;
      expect(credentialFixes(doc, { ...finding, line: 1, column: 1 })).toEqual([]);
    }
  });
});
