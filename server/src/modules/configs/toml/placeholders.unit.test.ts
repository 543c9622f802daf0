import { describe, expect, it } from 'vitest';
import { scanPlaceholders, summarizePlaceholders } from './placeholders.js';

function occurrences(text: string) {
  return scanPlaceholders(text).occurrences.map(({ kind, name, default: fallback, context }) =>
    fallback === undefined ? { kind, name, context } : { kind, name, default: fallback, context },
  );
}

describe('placeholder scanning', () => {
  it('splits a parameter default at the first colon, so URLs survive', () => {
    expect(occurrences('urls = ["&{db_host:https://localhost:8181}"]')).toEqual([
      { kind: 'parameter', name: 'db_host', default: 'https://localhost:8181', context: 'basic' },
    ]);
  });

  it('treats &{name:} as a parameter with an empty default', () => {
    expect(occurrences("a = '&{tag:}'")).toEqual([{ kind: 'parameter', name: 'tag', default: '', context: 'literal' }]);
  });

  it('tells the lexical context of each reference', () => {
    const text = [
      'port = &{port:8080}',
      'a = "::{c1}"',
      "b = '::{c2}'",
      'c = """',
      '::{c3}"""',
      "d = '''::{c4}'''",
    ].join('\n');
    expect(occurrences(text).map(({ name, context }) => [name, context])).toEqual([
      ['port', 'bare'],
      ['c1', 'basic'],
      ['c2', 'literal'],
      ['c3', 'ml-basic'],
      ['c4', 'ml-literal'],
    ]);
  });

  it('ignores parameters and constants in comments entirely', () => {
    const scan = scanPlaceholders('# url = "&{url}" ::{bad name} &{unclosed\na = 1 # ::{c}');
    expect(scan).toEqual({ occurrences: [], problems: [] });
  });

  it('does not take # inside a string for a comment', () => {
    expect(occurrences('a = "#&{p}"').map(({ name }) => name)).toEqual(['p']);
  });

  it("finds Telegraf's environment variable forms and skips $$", () => {
    const text = 'a = "${A} $B ${C:-d} ${D-x} ${E:?err} $${F} ${G:-${H}} $1 ${}"';
    expect(occurrences(text).map(({ name }) => name)).toEqual(['A', 'B', 'C', 'D', 'E', 'G', 'H']);
  });

  it('finds secret references of the form @{store:key} only', () => {
    expect(occurrences('a = "@{vault:token} @{bad store:x} @{x}"')).toEqual([
      { kind: 'secret', name: 'vault:token', context: 'basic' },
    ]);
  });

  it('reports environment variables and secrets in comments with the comment context', () => {
    expect(occurrences('# token = "${TOKEN}" @{s:k}')).toEqual([
      { kind: 'env', name: 'TOKEN', context: 'comment' },
      { kind: 'secret', name: 's:k', context: 'comment' },
    ]);
  });

  it('gives 1-based lines, columns and offsets of the original text', () => {
    const [occurrence] = scanPlaceholders('\uFEFFa = 1\n  b = "x&{p}"').occurrences;
    expect(occurrence).toMatchObject({ start: 15, end: 19, line: 2, column: 9 });
  });
});

describe('malformed placeholders', () => {
  it('reports a parameter with no closing brace on its line', () => {
    expect(scanPlaceholders('a = "&{name"\nb = "}"').problems).toEqual([
      expect.objectContaining({ line: 1, column: 6, rule: 'placeholder' }),
    ]);
  });

  it('reports a constant whose name breaks the naming rule', () => {
    const { problems, occurrences: found } = scanPlaceholders('a = "::{my-constant}" \nb = "::{9lives}"');
    expect(found).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^"::\{my-constant\}" is not a valid constant: /),
      }),
      expect.objectContaining({ line: 2, message: expect.stringMatching(/^"::\{9lives\}" is not a valid constant: /) }),
    ]);
  });

  it('does not let a placeholder run past the end of its string', () => {
    expect(scanPlaceholders('a = "&{p" }').problems).toHaveLength(1);
  });
});

describe('placeholder summary', () => {
  it('lists each name once in first-seen order and leaves comments out', () => {
    const text = [
      '# "&{commented}" "${COMMENTED}"',
      'a = "&{b} ::{K2} ${E2} @{s:two}"',
      'c = "&{a:1} &{b} ::{K1} ::{K2} ${E1} ${E2} @{s:one}"',
    ].join('\n');
    expect(summarizePlaceholders(text)).toEqual({
      parameters: [{ name: 'b' }, { name: 'a', default: '1' }],
      constants: ['K2', 'K1'],
      envVars: ['E2', 'E1'],
      secrets: ['s:two', 's:one'],
    });
  });

  it('makes a parameter optional when any occurrence has a default', () => {
    expect(summarizePlaceholders('a = "&{p}"\nb = "&{p:x}"\nc = "&{p:y}"').parameters).toEqual([
      { name: 'p', default: 'x' },
    ]);
  });
});
