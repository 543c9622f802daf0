import {
  type Cursor,
  eat,
  isDigit,
  isHexDigit,
  isLineBreak,
  mark,
  matched,
  newline,
  peek,
  reset,
  wsnl,
} from './grammar-cursor.js';

/**
 * The scalar rules of the fork's `parse.peg`, one function per rule so that the furthest match (and with it the
 * line of a syntax error) is what Go computes. What they leave out is what Telegraf rejects: hex/octal/binary
 * integers, inf/nan, a space or lower-case `t`/`z` in datetimes, raw tabs and any `"` inside basic strings.
 */

function digit(cursor: Cursor): boolean {
  if (!isDigit(peek(cursor))) return false;
  cursor.pos += 1;
  return matched(cursor, cursor.pos - 1);
}

function digits(cursor: Cursor, count: number): boolean {
  const start = mark(cursor);
  for (let index = 0; index < count; index += 1) {
    if (!digit(cursor)) return reset(cursor, start);
  }
  return matched(cursor, start.pos);
}

/** `(digit / '_' digit)*` */
function moreDigits(cursor: Cursor): number {
  let count = 0;
  for (;;) {
    if (digit(cursor)) {
      count += 1;
      continue;
    }
    const before = mark(cursor);
    if (eat(cursor, '_') && digit(cursor)) {
      count += 1;
      continue;
    }
    reset(cursor, before);
    return count;
  }
}

/** `integer <- [-+]? ([1-9] (digit / '_' digit)+ / digit)` */
export function integer(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (peek(cursor) === 0x2b || peek(cursor) === 0x2d) cursor.pos += 1;
  const intStart = mark(cursor);
  const first = peek(cursor);
  if (first >= 0x31 && first <= 0x39) {
    cursor.pos += 1;
    if (moreDigits(cursor) > 0) return matched(cursor, intStart.pos) && matched(cursor, start.pos);
    reset(cursor, intStart);
  }
  if (!digit(cursor)) return reset(cursor, start);
  return matched(cursor, intStart.pos) && matched(cursor, start.pos);
}

/** `frac <- '.' digit (digit / '_' digit)*` */
function frac(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!eat(cursor, '.') || !digit(cursor)) return reset(cursor, start);
  moreDigits(cursor);
  return matched(cursor, start.pos);
}

/** `exp <- [eE] [-+]? digit (digit / '_' digit)*` */
function exp(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (peek(cursor) !== 0x65 && peek(cursor) !== 0x45) return false;
  cursor.pos += 1;
  if (peek(cursor) === 0x2b || peek(cursor) === 0x2d) cursor.pos += 1;
  if (!digit(cursor)) return reset(cursor, start);
  moreDigits(cursor);
  return matched(cursor, start.pos);
}

/** `float <- integer (frac exp? / frac? exp)` */
export function float(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!integer(cursor)) return false;
  if (frac(cursor)) {
    exp(cursor);
    return matched(cursor, start.pos);
  }
  if (exp(cursor)) return matched(cursor, start.pos);
  return reset(cursor, start);
}

/** `boolean <- 'true' / 'false'` */
export function boolean(cursor: Cursor): boolean {
  const start = cursor.pos;
  return (eat(cursor, 'true') || eat(cursor, 'false')) && matched(cursor, start);
}

/** `partialTime <- hh ':' mm ':' ss ('.' digit+)?` */
function partialTime(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!digits(cursor, 2) || !eat(cursor, ':') || !digits(cursor, 2) || !eat(cursor, ':') || !digits(cursor, 2)) {
    return reset(cursor, start);
  }
  const fraction = mark(cursor);
  if (eat(cursor, '.') && digit(cursor)) {
    while (digit(cursor));
    matched(cursor, fraction.pos);
  } else {
    reset(cursor, fraction);
  }
  return matched(cursor, start.pos);
}

/** `timeOffset <- 'Z' / [-+] hh ':' mm` */
function timeOffset(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (eat(cursor, 'Z')) return matched(cursor, start.pos);
  if (peek(cursor) !== 0x2b && peek(cursor) !== 0x2d) return false;
  cursor.pos += 1;
  if (!digits(cursor, 2) || !eat(cursor, ':') || !digits(cursor, 2)) return reset(cursor, start);
  return matched(cursor, start.pos);
}

/** `datetime <- fullDate ('T' partialTime timeOffset?)? / partialTime` */
export function datetime(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (digits(cursor, 4) && eat(cursor, '-') && digits(cursor, 2) && eat(cursor, '-') && digits(cursor, 2)) {
    matched(cursor, start.pos);
    const time = mark(cursor);
    if (eat(cursor, 'T') && partialTime(cursor)) {
      timeOffset(cursor);
      matched(cursor, time.pos + 1);
    } else {
      reset(cursor, time);
    }
    return matched(cursor, start.pos);
  }
  reset(cursor, start);
  return partialTime(cursor) && matched(cursor, start.pos);
}

/** `escape <- '\\'` */
function escape(cursor: Cursor): boolean {
  if (peek(cursor) !== 0x5c) return false;
  cursor.pos += 1;
  return matched(cursor, cursor.pos - 1);
}

function hexQuads(cursor: Cursor, count: number): boolean {
  for (let quad = 0; quad < count; quad += 1) {
    const start = cursor.pos;
    for (let index = 0; index < 4; index += 1) {
      if (!isHexDigit(peek(cursor))) return false;
      cursor.pos += 1;
      matched(cursor, cursor.pos - 1);
    }
    matched(cursor, start);
  }
  return true;
}

/** `basicChar <- [ !#-\[\]-\U0010FFFF] / '\\' ([btnfr"/\\] / 'u' hexQuad / 'U' hexQuad hexQuad)` */
export function basicChar(cursor: Cursor): boolean {
  const start = mark(cursor);
  const code = peek(cursor);
  if (code === 0x20 || code === 0x21 || (code >= 0x23 && code <= 0x5b) || code >= 0x5d) {
    cursor.pos += 1;
    return matched(cursor, start.pos);
  }
  if (!escape(cursor)) return false;
  const escaped = peek(cursor);
  cursor.pos += 1;
  if ('btnfr"/\\'.includes(String.fromCharCode(escaped))) return matched(cursor, start.pos);
  if ((escaped === 0x75 && hexQuads(cursor, 1)) || (escaped === 0x55 && hexQuads(cursor, 2))) {
    return matched(cursor, start.pos);
  }
  return reset(cursor, start);
}

/** `basicString <- '"' basicChar* '"'`; the body is decoded later, as Go unquotes it only when executing. */
export function basicString(cursor: Cursor): string | undefined {
  const start = mark(cursor);
  if (!eat(cursor, '"')) return undefined;
  while (basicChar(cursor));
  if (!eat(cursor, '"')) {
    reset(cursor, start);
    return undefined;
  }
  matched(cursor, start.pos);
  return cursor.src.slice(start.pos + 1, cursor.pos - 1);
}

/**
 * `mlBasicString <- '"""' (<basicChar / newline> / '\\' newline wsnl)* '"""'`. Returns the body the Go actions
 * collect: the escaped text with line-ending backslashes and the blanks after them left out.
 */
export function multilineBasicString(cursor: Cursor): string | undefined {
  const start = mark(cursor);
  if (!eat(cursor, '"""')) return undefined;
  const bodyStart = cursor.pos;
  let body = '';
  for (;;) {
    const piece = cursor.pos;
    if (basicChar(cursor) || newline(cursor)) {
      body += cursor.src.slice(piece, cursor.pos);
      continue;
    }
    const continuation = mark(cursor);
    if (escape(cursor) && newline(cursor)) {
      wsnl(cursor);
      continue;
    }
    reset(cursor, continuation);
    break;
  }
  matched(cursor, bodyStart);
  if (!eat(cursor, '"""')) {
    reset(cursor, start);
    return undefined;
  }
  matched(cursor, start.pos);
  return body;
}

/** `literalString <- "'" [\t -&(-\U0010FFFF]* "'"` */
export function literalString(cursor: Cursor): string | undefined {
  const start = mark(cursor);
  if (!eat(cursor, "'")) return undefined;
  for (let code = peek(cursor); code === 0x09 || (code >= 0x20 && code !== 0x27); code = peek(cursor)) {
    cursor.pos += 1;
    matched(cursor, cursor.pos - 1);
  }
  if (!eat(cursor, "'")) {
    reset(cursor, start);
    return undefined;
  }
  matched(cursor, start.pos);
  return cursor.src.slice(start.pos + 1, cursor.pos - 1);
}

/** `mlLiteralString <- "'''" (!"'''" ([\t -\U0010FFFF] / newline))* "'''"` */
export function multilineLiteralString(cursor: Cursor): string | undefined {
  const start = mark(cursor);
  if (!eat(cursor, "'''")) return undefined;
  const bodyStart = cursor.pos;
  while (!cursor.src.startsWith("'''", cursor.pos)) {
    const code = peek(cursor);
    if (code === 0x09 || code >= 0x20) {
      cursor.pos += 1;
      matched(cursor, cursor.pos - 1);
    } else if (!(isLineBreak(code) && newline(cursor))) {
      break;
    }
  }
  matched(cursor, bodyStart);
  const body = cursor.src.slice(bodyStart, cursor.pos);
  if (!eat(cursor, "'''")) {
    reset(cursor, start);
    return undefined;
  }
  matched(cursor, start.pos);
  return body;
}
