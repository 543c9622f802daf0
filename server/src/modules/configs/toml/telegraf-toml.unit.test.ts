import { describe, expect, it } from 'vitest';
import { parseTelegrafToml } from './telegraf-toml.js';
import { inProbeNotation } from '../../../../test/toml-notation.js';

function parse(text: string) {
  return parseTelegrafToml(text);
}

function errorOf(text: string) {
  const result = parse(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
  return result.error;
}

function documentOf(text: string) {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${result.error.message}`);
  return inProbeNotation(result.document);
}

describe('syntax Telegraf rejects although TOML 1.0 allows it', () => {
  const rejected: [string, string][] = [
    ['a dotted key inside a table', '[t]\na.b = 1'],
    ['a literal-string key', "'a' = 1"],
    ['a literal-string part of a table header', "[a.'b']"],
    ['an octal integer', 'a = 0o17'],
    ['inf', 'a = inf'],
    ['a signed nan', 'a = -nan'],
    ['a space between date and time', 'a = 1979-05-27 07:32:00'],
    ['a lower-case z offset', 'a = 1979-05-27T07:32:00z'],
    ['a raw tab in a basic string', 'a = "x\ty"'],
    ['a quote inside a multi-line basic string', 'a = """say "hi" """'],
    ['a float without integer part', 'a = .5'],
    ['a float without fraction digits', 'a = 1.'],
    ['a leading zero', 'a = 012'],
    ['upper-case booleans', 'a = True'],
    ['whitespace after a line-ending backslash', 'a = """x\\ \ny"""'],
  ];
  for (const [name, text] of rejected) {
    it(`rejects ${name}`, () => {
      expect(errorOf(text).message).toMatch(/^line \d+: invalid TOML syntax$/);
    });
  }

  it('rejects the \\/ escape with the decoder error Telegraf prints', () => {
    expect(errorOf('a = "x\\/y"').message).toBe('line 1: invalid syntax');
  });

  it('rejects a \\u escape naming a surrogate', () => {
    expect(errorOf('a = "\\uD800"').message).toBe('line 1: invalid syntax');
  });
});

describe('syntax Telegraf accepts although TOML 1.0 does not', () => {
  it('accepts a key/value on the same line as its table header', () => {
    expect(documentOf('[t] a = 1')).toEqual({ t: { a: { integer: '1' } } });
  });

  it('accepts several key/values on one line after a table header, since its key/values need no line break', () => {
    expect(documentOf('[t]\nx = 1 y = 2')).toEqual({ t: { x: { integer: '1' }, y: { integer: '2' } } });
  });

  it('accepts a trailing comma in an inline table', () => {
    expect(documentOf('a = { x = 1, }')).toEqual({ a: { x: { integer: '1' } } });
  });

  it('accepts mixed types in one array', () => {
    expect(documentOf('a = [1, "x", 2.5]')).toEqual({ a: [{ integer: '1' }, { string: 'x' }, { float: '2.5' }] });
  });

  it('accepts reopening an inline table with a header and merges both', () => {
    expect(documentOf('a = { x = 1 }\n[a]\ny = 2')).toEqual({ a: { x: { integer: '1' }, y: { integer: '2' } } });
  });

  it('keeps integers beyond 64 bits as text', () => {
    expect(documentOf('a = -99999999999999999999')).toEqual({ a: { integer: '-99999999999999999999' } });
  });
});

describe('values as Telegraf decodes them', () => {
  it('trims every leading line break of a multi-line string', () => {
    expect(documentOf('a = """\n\r\nx"""\nb = \'\'\'\n\ny\'\'\'')).toEqual({ a: { string: 'x' }, b: { string: 'y' } });
  });

  it('drops a line-ending backslash and the blanks after it', () => {
    expect(documentOf('a = """one \\\n    two"""')).toEqual({ a: { string: 'one two' } });
  });

  it('decodes escapes of basic strings and quoted keys', () => {
    expect(documentOf('"k\\u00e9y" = "tab\\there"')).toEqual({ 'k\u00e9y': { string: 'tab\there' } });
  });

  it('keeps arrays of tables from headers and from inline tables in arrays', () => {
    expect(documentOf('[[t]]\nx = 1\n[[t]]\nx = 2\nu = [{ y = 3 }]')).toEqual({
      t: [{ x: { integer: '1' } }, { x: { integer: '2' }, u: [{ y: { integer: '3' } }] }],
    });
  });

  it('stores a key named __proto__ as an ordinary key', () => {
    const result = parse('__proto__ = 1');
    expect(result.ok && Object.keys(result.document)).toEqual(['__proto__']);
  });
});

describe("Telegraf's conflict messages", () => {
  it('names the line of the first definition of a duplicate key', () => {
    expect(errorOf('a = 1\n\na = 2').message).toBe("line 3: key `a' is in conflict with line 1");
  });

  it('counts a key/value on the line its value ends on, as Telegraf does', () => {
    expect(errorOf('a = [\n 1,\n]\na = 2').message).toBe("line 4: key `a' is in conflict with line 3");
  });

  it('reports a table defined twice', () => {
    expect(errorOf('[t]\nx = 1\n[t]').message).toBe("line 3: table `t' is in conflict with table in line 1");
  });

  it('keeps the header text as written in table conflicts', () => {
    expect(errorOf('[a . "b"]\n[a.b]\n[a . "b"]').message).toBe(
      "line 2: table `a.b' is in conflict with table in line 1",
    );
  });

  it('reports a header that walks through a key', () => {
    expect(errorOf('a = 1\n[a.b]').message).toBe("line 2: key `a' is in conflict with line 1");
  });

  it('reports a table after an array of tables of the same name', () => {
    expect(errorOf('[[t]]\n[t]').message).toBe("line 2: table `t' is in conflict with array table in line 1");
  });

  it('reports a key that repeats an array of tables with Go’s fallback text', () => {
    expect(errorOf('[t]\nu = [{ x = 1 }]\nu = 2').message).toBe(
      "line 3: BUG: key `u' is in conflict but it's unknown type `[]*ast.Table'",
    );
  });

  it('prefers a later syntax error over an earlier conflict, as Telegraf only executes a valid parse', () => {
    expect(errorOf('a = 1\na = 2\nb = \n').message).toBe('line 4: invalid TOML syntax');
  });
});

describe('positions of errors in the original text', () => {
  it('points at the first character the grammar could not take', () => {
    expect(errorOf('x = 1\na = 0xDEAD')).toMatchObject({ line: 2, column: 6, rule: 'telegraf-syntax' });
  });

  it('points at the key of a duplicate', () => {
    expect(errorOf('a = 1\n  a = 2')).toMatchObject({ line: 2, column: 3 });
  });

  it('counts the BOM and blanked comments as part of the text', () => {
    expect(errorOf('\uFEFF# note\nx = 1 # more\ny = 0b1')).toMatchObject({
      line: 3,
      column: 6,
      message: 'line 3: invalid TOML syntax',
    });
  });

  it('reports the line after a line break where the grammar stopped, as Telegraf does', () => {
    expect(errorOf('a = { x = 1,\n y = 2 }')).toMatchObject({
      line: 1,
      column: 13,
      message: 'line 2: invalid TOML syntax',
    });
  });
});

describe('comments as Telegraf strips them', () => {
  it('does not treat # inside strings as a comment', () => {
    expect(documentOf('a = "x # y" # z\nb = \'#\'')).toEqual({ a: { string: 'x # y' }, b: { string: '#' } });
  });

  it('strips comments inside arrays spread over lines', () => {
    expect(documentOf('a = [\n  1, # one\n  # two\n  2,\n]')).toEqual({ a: [{ integer: '1' }, { integer: '2' }] });
  });

  it('accepts an empty file, a BOM alone and a file of comments', () => {
    expect([documentOf(''), documentOf('\uFEFF'), documentOf('# only\r\n# comments')]).toEqual([{}, {}, {}]);
  });
});
