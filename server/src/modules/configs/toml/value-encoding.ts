import type { LexicalContext } from './placeholders.js';

/**
 * How a substituted value is written where its placeholder stood (ADR 17), so the served TOML means exactly
 * the value and stays loadable by Telegraf. Values are not re-scanned after substitution.
 */
export type Encoded = { ok: true; text: string } | { ok: false; reason: string };

/** Telegraf's `secretPattern`: in a secret option it is resolved from a secret store, whatever quoted it. */
const SECRET_REFERENCE = /@\{\w+:\w+\}/;

/**
 * Parameters must be numbers or booleans when written bare (`port = &{port:8080}`); constants are documented as
 * raw TOML fragments, so bare they go in verbatim. Inside strings both are escaped for the string kind.
 *
 * A parameter comes from whoever holds an agent URL, so inside a string it must mean itself to Telegraf too: every
 * `$` is doubled (Telegraf's environment substitution turns `$$` into `$` and leaves it, so `${HOME}` in a value
 * arrives as written instead of as the controller host's variable), and a value holding a secret reference
 * (`@{store:key}`), which no quoting keeps literal, is refused.
 */
export function encodeValue(raw: string, context: LexicalContext, source: 'parameter' | 'constant'): Encoded {
  let value = raw;
  if (source === 'parameter' && context !== 'bare' && context !== 'comment') {
    if (SECRET_REFERENCE.test(value)) {
      return { ok: false, reason: 'a parameter value cannot hold a Telegraf secret reference (@{store:key})' };
    }
    value = value.replaceAll('$', '$$$$');
  }
  switch (context) {
    case 'bare':
      if (source === 'constant' || isBareLiteral(value)) return { ok: true, text: value };
      return { ok: false, reason: 'an unquoted value must be a TOML integer, float, true or false' };
    case 'basic':
    case 'ml-basic':
      // Multi-line strings get the same escapes: Telegraf refuses raw tabs there, and trims leading line breaks.
      return { ok: true, text: escapeBasic(value) };
    case 'literal':
      if (value.includes("'")) return { ok: false, reason: "a 'literal string' cannot hold a single quote" };
      if (/[\n\r]/.test(value)) return { ok: false, reason: "a single-line 'literal string' cannot hold a line break" };
      if (hasControlCharacter(value, '\t')) {
        return { ok: false, reason: "a 'literal string' cannot hold control characters" };
      }
      return { ok: true, text: value };
    case 'ml-literal':
      // A lone ' would be fine, but next to the delimiters or doubled it ends the string: refuse them all.
      if (value.includes("'")) return { ok: false, reason: "a '''literal string''' cannot hold a single quote" };
      if (hasControlCharacter(value, '\t\n\r')) {
        return { ok: false, reason: "a '''literal string''' cannot hold control characters" };
      }
      return { ok: true, text: value };
    case 'comment':
      return { ok: true, text: value };
  }
}

/** What Telegraf's grammar takes as an integer, a float or a boolean (no hex, no inf/nan, no leading zeros). */
const INTEGER = '[+-]?(?:[1-9](?:_?[0-9])+|[0-9])';
const BARE_LITERAL = new RegExp(
  `^(?:${INTEGER}(?:\\.[0-9](?:_?[0-9])*(?:[eE][+-]?[0-9](?:_?[0-9])*)?|[eE][+-]?[0-9](?:_?[0-9])*)?|true|false)$`,
);

export function isBareLiteral(value: string): boolean {
  return BARE_LITERAL.test(value);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

/** Escapes for a "basic string": `\`, `"` and every control character (DEL too, as TOML 1.0 asks). */
export function escapeBasic(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) escaped += short;
    else if (code < 0x20 || code === 0x7f) escaped += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else escaped += char;
  }
  return escaped;
}

/** Whether `value` holds a C0 control character other than those `allowed`. */
function hasControlCharacter(value: string, allowed: string): boolean {
  for (const char of value) {
    if (char.charCodeAt(0) < 0x20 && !allowed.includes(char)) return true;
  }
  return false;
}
