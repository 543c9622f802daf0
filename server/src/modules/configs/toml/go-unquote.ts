/**
 * Telegraf's parser decodes basic strings and quoted keys with Go's `strconv.Unquote`, which knows Go's escapes,
 * not TOML's: `\/` passes the grammar but fails here (`invalid syntax`), and so does a `\u`/`\U` escape that is not
 * a Unicode scalar value. Returns the decoded text, or undefined where Go returns an error.
 */
export function unquoteLikeGo(body: string): string | undefined {
  let result = '';
  let index = 0;
  while (index < body.length) {
    const char = body[index] as string;
    if (char === '\n' || char === '"') return undefined;
    if (char !== '\\') {
      result += char;
      index += 1;
      continue;
    }
    const escaped = body[index + 1];
    const simple = escaped === undefined ? undefined : SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      result += simple;
      index += 2;
      continue;
    }
    const digits = escaped === 'u' ? 4 : escaped === 'U' ? 8 : 0;
    const hex = body.slice(index + 2, index + 2 + digits);
    if (digits === 0 || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) return undefined;
    const codePoint = Number.parseInt(hex, 16);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
    result += String.fromCodePoint(codePoint);
    index += 2 + digits;
  }
  return result;
}

// Go's octal and `\x` escapes are left out: the TOML grammar never lets them through to the decoder.
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * The decoding of a `"""` string in the fork: strip every leading CR/LF, turn raw line breaks into escapes (its
 * replacer also maps a raw backspace to `\n`, which the grammar never lets through), then unquote as above.
 */
export function decodeMultilineBasic(body: string): string | undefined {
  const trimmed = body.replace(/^[\r\n]+/, '');
  const escaped = trimmed.replace(/[\b\f\n\r\t]/g, (char) => MULTILINE_REPLACEMENTS[char] ?? char);
  return unquoteLikeGo(escaped);
}

const MULTILINE_REPLACEMENTS: Readonly<Record<string, string>> = {
  '\b': '\\n',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
