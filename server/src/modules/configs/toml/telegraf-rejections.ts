/**
 * Telegraf's parser only says `invalid TOML syntax`. For the common constructs that are valid TOML 1.0 but refused by
 * Telegraf's older grammar (ADR 9), and for an unquoted environment variable, this recognizes the
 * construct around the failing offset so the finding can say what to write instead. Anything not recognized with
 * confidence stays a plain syntax error.
 */
export interface Rejection {
  rule: 'syntax' | 'telegraf-syntax';
  hint: string;
}

const KEY = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*")`;

const PATTERNS: readonly { pattern: RegExp; rejection: Rejection }[] = [
  {
    pattern: new RegExp(String.raw`(?:^|[{,])[ \t]*${KEY}(?:[ \t]*\.[ \t]*${KEY})+[ \t]*=`, 'g'),
    rejection: {
      rule: 'telegraf-syntax',
      hint: 'Telegraf does not accept dotted keys (a.b = …); use a [table] header',
    },
  },
  {
    pattern: /(?:^|[{,])[ \t]*'[^'\n]*'[ \t]*=|^[ \t]*\[\[?[^\]\n]*'[^\]\n]*\]/g,
    rejection: {
      rule: 'telegraf-syntax',
      hint: 'Telegraf does not accept \'single-quoted\' keys; use "double quotes"',
    },
  },
  {
    pattern: /(?<![\w.])[+-]?0[xob][0-9A-Fa-f_]*/g,
    rejection: { rule: 'telegraf-syntax', hint: 'Telegraf accepts decimal integers only, not 0x, 0o or 0b' },
  },
  {
    pattern: /(?<![\w."'-])[+-]?(?:inf|nan)(?![\w-])/g,
    rejection: { rule: 'telegraf-syntax', hint: 'Telegraf does not accept inf or nan' },
  },
  {
    pattern: /\d{4}-\d\d-\d\d(?:[ t]\d\d:\d\d(?::\d\d)?|T\d\d:\d\d:\d\d(?:\.\d+)?z)/g,
    rejection: {
      rule: 'telegraf-syntax',
      hint: 'Telegraf needs an upper-case T between date and time (no space) and an upper-case Z',
    },
  },
  {
    pattern: /(?<![\w"'])\$\{?[A-Za-z_]\w*/g,
    rejection: { rule: 'syntax', hint: 'environment variables are only replaced inside "quoted strings"' },
  },
];

/** `src` is the parsed text (comments blanked), `offset` the failing position in it. */
export function explainRejection(src: string, offset: number, message: string): Rejection | undefined {
  const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = src.indexOf('\n', offset);
  const line = src.slice(lineStart, lineEnd === -1 ? src.length : lineEnd);
  const column = offset - lineStart;

  if (message.endsWith(': invalid syntax')) {
    // Go's decoder refused a string or quoted key that the grammar took; `\/` is the one TOML escape it lacks.
    return /\\\//.test(line.slice(column))
      ? { rule: 'telegraf-syntax', hint: 'Telegraf does not accept the \\/ escape; write / as it is' }
      : undefined;
  }
  if (src[offset] === '\t') {
    return { rule: 'telegraf-syntax', hint: 'Telegraf does not accept a raw tab inside "strings"; write \\t' };
  }
  if (src[offset] === '"' && countOf(src.slice(0, offset), '"""') % 2 === 1) {
    return {
      rule: 'telegraf-syntax',
      hint: 'Telegraf does not accept " inside """strings"""; write \\" or use \'\'\'literal strings\'\'\'',
    };
  }
  for (const { pattern, rejection } of PATTERNS) {
    for (const match of line.matchAll(pattern)) {
      if (match.index <= column && column <= match.index + match[0].length) return rejection;
    }
  }
  return undefined;
}

function countOf(text: string, search: string): number {
  let count = 0;
  for (let index = text.indexOf(search); index !== -1; index = text.indexOf(search, index + search.length)) count += 1;
  return count;
}
