import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render.js';
import { parseTelegrafToml } from './telegraf-toml.js';

function render(text: string, parameters: Record<string, string> = {}, constants: Record<string, string> = {}) {
  return renderTemplate(text, { parameters, constants });
}

function rendered(text: string, parameters: Record<string, string> = {}, constants: Record<string, string> = {}) {
  const result = render(text, parameters, constants);
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result)}`);
  return result.toml;
}

/** The string Telegraf would read for `a` in the rendered TOML. */
function servedString(toml: string): string | undefined {
  const parsed = parseTelegrafToml(toml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const value = parsed.document.a;
  return value !== undefined && 'value' in value ? String(value.value) : undefined;
}

describe('parameters', () => {
  it('substitutes a required parameter from the query', () => {
    expect(rendered('instance_id = "&{agent_id}"', { agent_id: 'agent123' })).toBe('instance_id = "agent123"');
  });

  it('uses the default when the query has no value', () => {
    expect(rendered('urls = ["&{db_host:https://localhost:8181}"]')).toBe('urls = ["https://localhost:8181"]');
  });

  it('keeps everything after the first colon of a default, such as a URL with a port', () => {
    expect(rendered('a = "&{u:http://h:1/p?q=a:b}"')).toBe('a = "http://h:1/p?q=a:b"');
  });

  it('prefers the query value over the default', () => {
    expect(rendered('a = "&{p:fallback}"', { p: 'given' })).toBe('a = "given"');
  });

  it('treats an explicitly empty value as a value, not as missing', () => {
    expect(rendered('a = "&{p:fallback}"\nb = "&{q}"', { p: '', q: '' })).toBe('a = ""\nb = ""');
  });

  it('lets an occurrence without default use the default written at another occurrence', () => {
    expect(rendered('a = "&{p}"\nb = "&{p:x}"')).toBe('a = "x"\nb = "x"');
  });

  it('lists every missing required parameter, once and sorted', () => {
    expect(render('a = "&{zeta}"\nb = "&{alpha}"\nc = "&{zeta}" d = "&{ok:1}"')).toEqual({
      ok: false,
      missingParameters: ['alpha', 'zeta'],
      undefinedConstants: [],
      unrepresentable: [],
    });
  });
});

describe('escaping for the string a value lands in', () => {
  it('escapes quotes, backslashes and line breaks in a basic string so Telegraf reads the value back', () => {
    const value = 'say "hi"\\n\tC:\\temp\nnext\u0001';
    const toml = rendered('a = "&{v}"', { v: value });
    expect(toml).toBe('a = "say \\"hi\\"\\\\n\\tC:\\\\temp\\nnext\\u0001"');
    expect(servedString(toml)).toBe(value);
  });

  it('escapes backslashes and quotes in a multi-line basic string', () => {
    const value = 'a "quoted" \\ path\twith tab';
    const toml = rendered('a = """\n&{v}"""', { v: value });
    expect(servedString(toml)).toBe(value);
  });

  it('writes a value into a literal string as it is', () => {
    expect(rendered("a = 'C:\\&{dir}'", { dir: 'Program Files\\x' })).toBe("a = 'C:\\Program Files\\x'");
  });

  it('refuses a single quote in a literal string', () => {
    expect(render("a = '&{v}'", { v: "it's" })).toMatchObject({
      ok: false,
      unrepresentable: [{ name: 'v', reason: expect.stringContaining('single quote') }],
    });
  });

  it('refuses a line break in a single-line literal string but accepts it in a multi-line one', () => {
    expect(render("a = '&{v}'", { v: 'one\ntwo' })).toMatchObject({ ok: false, unrepresentable: [{ name: 'v' }] });
    expect(servedString(rendered("a = '''x&{v}'''", { v: 'one\ntwo' }))).toBe('xone\ntwo');
  });

  it("refuses a value starting with a line break right after an opening '''", () => {
    expect(render("a = '''\n&{v}'''", { v: '\nx' })).toMatchObject({ ok: false, unrepresentable: [{ name: 'v' }] });
  });
});

describe('unquoted parameters', () => {
  it('accepts a number for a bare parameter', () => {
    expect(rendered('port = &{port:8080}')).toBe('port = 8080');
    expect(rendered('ratio = &{r}\non = &{b}', { r: '-1.5e3', b: 'true' })).toBe('ratio = -1.5e3\non = true');
  });

  it('refuses anything but a TOML number or boolean for a bare parameter', () => {
    for (const value of ['8080; rm', '0x1F', '', 'True', '007', '"x"']) {
      expect(render('port = &{port}', { port: value })).toMatchObject({
        ok: false,
        unrepresentable: [{ name: 'port' }],
      });
    }
  });
});

describe('what a parameter value can do to Telegraf', () => {
  it("doubles every $, so Telegraf's environment substitution gives the value back as written", () => {
    expect(rendered('a = "&{p}"', { p: '${HOME}/$USER$$' })).toBe('a = "$${HOME}/$$USER$$$$"');
    expect(rendered("a = '&{p}'", { p: '${HOME}' })).toBe("a = '$${HOME}'");
    expect(rendered('a = """\n&{p}"""', { p: 'x$y' })).toBe('a = """\nx$$y"""');
  });

  it('refuses a Telegraf secret reference in a value, which no quoting keeps literal', () => {
    expect(render('a = "&{p}"', { p: 'x @{vault:token} y' })).toMatchObject({
      ok: false,
      unrepresentable: [{ name: 'p', reason: expect.stringContaining('@{store:key}') }],
    });
    expect(rendered('a = "&{p}"', { p: '@{not a reference}' })).toBe('a = "@{not a reference}"');
  });

  it('lists the parameters the template uses, whatever else the query carries', () => {
    const result = render('a = "&{p}"\nb = &{n:1}\n# &{in_comment}', { p: 'x', unused: 'y' });
    expect(result.ok && [...result.uses].sort()).toEqual(['n', 'p']);
  });
});

describe('constants', () => {
  it('inserts a constant verbatim outside strings', () => {
    expect(rendered('interval = ::{interval}', {}, { interval: '"10s"' })).toBe('interval = "10s"');
  });

  it('escapes a constant inside a string like a parameter', () => {
    expect(rendered('a = "::{c}"', {}, { c: 'x\\y' })).toBe('a = "x\\\\y"');
  });

  it('lists every undefined constant, once and sorted, together with missing parameters', () => {
    expect(render('a = "::{B} ::{A} ::{B} &{p}"', {}, { C: '1' })).toEqual({
      ok: false,
      missingParameters: ['p'],
      undefinedConstants: ['A', 'B'],
      unrepresentable: [],
    });
  });
});

describe('what rendering leaves alone', () => {
  it('passes environment variables and secrets through untouched', () => {
    const text = 'token = "${TELEGRAF_CONTROLLER_TOKEN}"\nurl = "@{vault:url}"\nx = "$HOME ${A:-&{p}}"';
    expect(rendered(text, { p: 'v' })).toBe(
      'token = "${TELEGRAF_CONTROLLER_TOKEN}"\nurl = "@{vault:url}"\nx = "$HOME ${A:-v}"',
    );
  });

  it('leaves placeholders in comments as written and does not require them', () => {
    expect(rendered('# instance_id = "&{agent_id}" ::{missing}\na = 1')).toBe(
      '# instance_id = "&{agent_id}" ::{missing}\na = 1',
    );
  });

  it('does not scan substituted values again', () => {
    expect(rendered('a = "&{p}"', { p: '::{secret_constant} &{q}' })).toBe('a = "::{secret_constant} &{q}"');
  });
});
