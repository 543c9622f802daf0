/**
 * Shared state of the recognizer that mirrors the PEG grammar of `influxdata/toml` (a fork of `naoina/toml`, the
 * parser Telegraf pins). Rules return true on success; on failure they restore the position and drop the events
 * they emitted, as the generated Go parser drops its tokens.
 */

/**
 * The grammar's semantic actions, in the order the Go parser would execute them. Nothing is applied while
 * recognizing: Go executes the actions only after the whole text matched, so a syntax error always wins over a
 * duplicate key that comes before it. `at` is where the action fires (Go counts lines up to there); `start` is
 * where the construct that caused it begins (for reporting).
 */
export type GrammarEvent =
  | { kind: 'key'; at: number; start: number; raw: string }
  | { kind: 'table-key'; at: number }
  | { kind: 'table'; at: number; start: number; raw: string; array: boolean }
  | { kind: 'table-end'; at: number }
  | { kind: 'key-value'; at: number; start: number }
  | { kind: 'scalar'; at: number; start: number; type: 'integer' | 'float' | 'boolean' | 'datetime'; raw: string }
  | { kind: 'string'; at: number; start: number; style: StringStyle; body: string }
  | { kind: 'array-start'; at: number }
  | { kind: 'array-value'; at: number }
  | { kind: 'array-end'; at: number }
  | { kind: 'inline-start'; at: number; start: number }
  | { kind: 'inline-end'; at: number };

/** How a string was written; `body` is the text between the delimiters as the grammar collected it. */
export type StringStyle = 'basic' | 'ml-basic' | 'literal' | 'ml-literal';

/** Arrays and inline tables deeper than this are refused rather than risk exhausting the call stack. */
export const MAX_NESTING = 256;

export interface Cursor {
  readonly src: string;
  pos: number;
  /** End of the furthest non-empty successful rule match; Go reports the syntax error on that line. */
  furthest: number;
  readonly events: GrammarEvent[];
  depth: number;
  /** Where nesting went past MAX_NESTING, if it did. */
  tooDeepAt: number | undefined;
}

export function createCursor(src: string): Cursor {
  return { src, pos: 0, furthest: 0, events: [], depth: 0, tooDeepAt: undefined };
}

/** The code unit under the cursor; NaN at the end, which no character class matches. */
export function peek(cursor: Cursor, ahead = 0): number {
  return cursor.src.charCodeAt(cursor.pos + ahead);
}

/** Marks a rule that matched from `start`, like the Go parser's `add` updating its `max` token. */
export function matched(cursor: Cursor, start: number): true {
  if (cursor.pos !== start && cursor.pos > cursor.furthest) cursor.furthest = cursor.pos;
  return true;
}

export interface Mark {
  pos: number;
  events: number;
}

export function mark(cursor: Cursor): Mark {
  return { pos: cursor.pos, events: cursor.events.length };
}

export function reset(cursor: Cursor, to: Mark): false {
  cursor.pos = to.pos;
  if (cursor.events.length !== to.events) cursor.events.length = to.events;
  return false;
}

/** Consumes `literal` if it is next; literals are not rules, so they do not move `furthest`. */
export function eat(cursor: Cursor, literal: string): boolean {
  if (!cursor.src.startsWith(literal, cursor.pos)) return false;
  cursor.pos += literal.length;
  return true;
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

export function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d;
}

/** `ws <- [ \t]*` */
export function ws(cursor: Cursor): true {
  const start = cursor.pos;
  while (peek(cursor) === 0x20 || peek(cursor) === 0x09) cursor.pos += 1;
  return matched(cursor, start);
}

/** `wsnl <- ([ \t] / [\r\n])*` */
export function wsnl(cursor: Cursor): true {
  const start = cursor.pos;
  for (let code = peek(cursor); code === 0x20 || code === 0x09 || isLineBreak(code); code = peek(cursor)) {
    cursor.pos += 1;
  }
  return matched(cursor, start);
}

/** `newline <- [\r\n]+` */
export function newline(cursor: Cursor): boolean {
  const start = cursor.pos;
  while (isLineBreak(peek(cursor))) cursor.pos += 1;
  return cursor.pos > start && matched(cursor, start);
}

/** `comment <- '#' ('\t' / [ -\U0010FFFF])*` (Telegraf has blanked comments already; this matches leftovers). */
export function comment(cursor: Cursor): boolean {
  const start = cursor.pos;
  if (peek(cursor) !== 0x23) return false;
  cursor.pos += 1;
  for (let code = peek(cursor); code === 0x09 || code >= 0x20; code = peek(cursor)) cursor.pos += 1;
  return matched(cursor, start);
}
