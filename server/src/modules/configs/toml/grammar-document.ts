import {
  type Cursor,
  type GrammarEvent,
  MAX_NESTING,
  comment,
  createCursor,
  eat,
  mark,
  matched,
  newline,
  peek,
  reset,
  ws,
  wsnl,
} from './grammar-cursor.js';
import {
  basicChar,
  basicString,
  boolean,
  datetime,
  float,
  integer,
  literalString,
  multilineBasicString,
  multilineLiteralString,
} from './grammar-scalars.js';

/**
 * The document rules of the fork's `parse.peg`. Notable shapes it gives Telegraf: a table header takes the
 * key/values after it with or without line breaks between them (so `[t] a = 1 b = 2` is accepted, while
 * `a = 1 b = 2` before any header is not); keys are bare or `"quoted"`, never dotted or `'literal'`; inline
 * tables stay on one line and may end with a comma.
 */
export type Recognition =
  | { ok: true; events: GrammarEvent[] }
  | { ok: false; furthest: number; tooDeepAt: number | undefined };

/** `TOML <- Expression (newline Expression)* newline? !.` */
export function recognizeToml(src: string): Recognition {
  const cursor = createCursor(src);
  expression(cursor);
  while (newline(cursor)) expression(cursor);
  if (cursor.pos < src.length) return { ok: false, furthest: cursor.furthest, tooDeepAt: cursor.tooDeepAt };
  return { ok: true, events: cursor.events };
}

/**
 * `Expression <- ws table ws comment? (wsnl keyval ws comment?)* / ws keyval ws comment? / ws comment? / ws`.
 * Always matches, possibly nothing.
 */
function expression(cursor: Cursor): void {
  const start = mark(cursor);
  ws(cursor);
  if (table(cursor)) {
    ws(cursor);
    comment(cursor);
    for (;;) {
      const before = mark(cursor);
      wsnl(cursor);
      if (!keyValue(cursor)) {
        reset(cursor, before);
        break;
      }
      ws(cursor);
      comment(cursor);
    }
    cursor.events.push({ kind: 'table-end', at: cursor.pos });
    matched(cursor, start.pos);
    return;
  }
  reset(cursor, start);
  ws(cursor);
  if (keyValue(cursor)) {
    ws(cursor);
    comment(cursor);
    matched(cursor, start.pos);
    return;
  }
  reset(cursor, start);
  ws(cursor);
  comment(cursor);
  matched(cursor, start.pos);
}

/** `table <- '[' ws tableKey ws ']' / '[[' ws tableKey ws ']]'` */
function table(cursor: Cursor): boolean {
  const start = mark(cursor);
  for (const array of [false, true]) {
    if (eat(cursor, array ? '[[' : '[')) {
      ws(cursor);
      const keyStart = cursor.pos;
      if (tableKey(cursor)) {
        const raw = cursor.src.slice(keyStart, cursor.pos);
        ws(cursor);
        if (eat(cursor, array ? ']]' : ']')) {
          cursor.events.push({ kind: 'table', at: cursor.pos, start: start.pos, raw, array });
          return matched(cursor, start.pos);
        }
      }
    }
    reset(cursor, start);
  }
  return false;
}

/** `tableKey <- key (ws '.' ws key)*`, each key followed by the AddTableKey action. */
function tableKey(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!key(cursor)) return false;
  cursor.events.push({ kind: 'table-key', at: cursor.pos });
  for (;;) {
    const before = mark(cursor);
    ws(cursor);
    if (!eat(cursor, '.')) {
      reset(cursor, before);
      break;
    }
    ws(cursor);
    matched(cursor, before.pos);
    if (!key(cursor)) {
      reset(cursor, before);
      break;
    }
    cursor.events.push({ kind: 'table-key', at: cursor.pos });
  }
  return matched(cursor, start.pos);
}

/** `key <- [0-9A-Za-z_-]+ / '"' basicChar* '"'` */
function key(cursor: Cursor): boolean {
  const start = mark(cursor);
  while (isBareKeyChar(peek(cursor))) cursor.pos += 1;
  if (cursor.pos === start.pos) {
    if (!eat(cursor, '"')) return false;
    while (basicChar(cursor));
    if (!eat(cursor, '"')) return reset(cursor, start);
  }
  cursor.events.push({ kind: 'key', at: cursor.pos, start: start.pos, raw: cursor.src.slice(start.pos, cursor.pos) });
  return matched(cursor, start.pos);
}

function isBareKeyChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f ||
    code === 0x2d
  );
}

/** `keyval <- key ws '=' ws val` */
function keyValue(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!key(cursor)) return false;
  ws(cursor);
  if (!eat(cursor, '=')) return reset(cursor, start);
  ws(cursor);
  if (!value(cursor)) return reset(cursor, start);
  cursor.events.push({ kind: 'key-value', at: cursor.pos, start: start.pos });
  return matched(cursor, start.pos);
}

/** `val <- datetime / float / inlineTable / array / boolean / string / integer` */
function value(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (datetime(cursor)) return scalar(cursor, start.pos, 'datetime');
  reset(cursor, start);
  if (float(cursor)) return scalar(cursor, start.pos, 'float');
  reset(cursor, start);
  const code = peek(cursor);
  if (code === 0x7b || code === 0x5b) {
    if (cursor.depth >= MAX_NESTING) {
      cursor.tooDeepAt ??= cursor.pos;
      return false;
    }
    cursor.depth += 1;
    const nested = code === 0x7b ? inlineTable(cursor) : array(cursor);
    cursor.depth -= 1;
    return nested && matched(cursor, start.pos);
  }
  if (code === 0x66 || code === 0x74) return boolean(cursor) && scalar(cursor, start.pos, 'boolean');
  if (code === 0x22 || code === 0x27) return string(cursor);
  return integer(cursor) && scalar(cursor, start.pos, 'integer');
}

function scalar(cursor: Cursor, start: number, type: 'integer' | 'float' | 'boolean' | 'datetime'): true {
  cursor.events.push({ kind: 'scalar', at: cursor.pos, start, type, raw: cursor.src.slice(start, cursor.pos) });
  return matched(cursor, start);
}

/** `string <- mlLiteralString / literalString / mlBasicString / basicString` */
function string(cursor: Cursor): boolean {
  const start = cursor.pos;
  for (const [style, rule] of [
    ['ml-literal', multilineLiteralString],
    ['literal', literalString],
    ['ml-basic', multilineBasicString],
    ['basic', basicString],
  ] as const) {
    const body = rule(cursor);
    if (body !== undefined) {
      cursor.events.push({ kind: 'string', at: cursor.pos, start, style, body });
      return matched(cursor, start);
    }
  }
  return false;
}

/** `inlineTable <- '{' ws (keyval (ws ',' ws)?)* ws '}'` */
function inlineTable(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!eat(cursor, '{')) return false;
  cursor.events.push({ kind: 'inline-start', at: cursor.pos, start: start.pos });
  ws(cursor);
  const pairs = cursor.pos;
  while (keyValue(cursor)) {
    const separator = mark(cursor);
    ws(cursor);
    if (eat(cursor, ',')) {
      ws(cursor);
      matched(cursor, separator.pos);
    } else {
      reset(cursor, separator);
    }
  }
  matched(cursor, pairs);
  ws(cursor);
  if (!eat(cursor, '}')) return reset(cursor, start);
  cursor.events.push({ kind: 'inline-end', at: cursor.pos });
  return matched(cursor, start.pos);
}

/**
 * `array <- '[' wsnl (val (wsnl comment? wsnl ',' wsnl comment? wsnl val)* wsnl ','? wsnl comment?)? wsnl ']'`.
 * Mixed element types are accepted, as by Telegraf's parser (only decoding into a typed slice fails).
 */
function array(cursor: Cursor): boolean {
  const start = mark(cursor);
  if (!eat(cursor, '[')) return false;
  cursor.events.push({ kind: 'array-start', at: cursor.pos });
  wsnl(cursor);
  const values = mark(cursor);
  if (value(cursor)) {
    cursor.events.push({ kind: 'array-value', at: cursor.pos });
    for (;;) {
      const before = mark(cursor);
      wsnl(cursor);
      comment(cursor);
      wsnl(cursor);
      if (!separator(cursor)) {
        reset(cursor, before);
        break;
      }
      wsnl(cursor);
      comment(cursor);
      wsnl(cursor);
      if (!value(cursor)) {
        reset(cursor, before);
        break;
      }
      cursor.events.push({ kind: 'array-value', at: cursor.pos });
    }
    wsnl(cursor);
    separator(cursor);
    wsnl(cursor);
    comment(cursor);
    matched(cursor, values.pos);
  } else {
    reset(cursor, values);
  }
  wsnl(cursor);
  if (!eat(cursor, ']')) return reset(cursor, start);
  cursor.events.push({ kind: 'array-end', at: cursor.pos });
  return matched(cursor, start.pos);
}

/** `arraySep <- ','` */
function separator(cursor: Cursor): boolean {
  if (!eat(cursor, ',')) return false;
  return matched(cursor, cursor.pos - 1);
}
