/**
 * Telegraf runs `removeComments` (config/envvar.go) over a config before parsing it. This applies the same state
 * machine but overwrites each comment with spaces instead of deleting it, so every offset, line and column stays
 * that of the original text. The parser accepts trailing blanks wherever a comment can end, and a `\r` inside a
 * comment is blanked too, because Telegraf deletes it and must not count it as a line break.
 *
 * The state machine is Telegraf's, not TOML's: outside strings a `\` escapes the next character (so `\#` is no
 * comment), single-line strings end at a line break, and `'''`/`"""` strings end at the first closing triple.
 */
export function blankComments(text: string): string {
  const comments: [number, number][] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
    } else if (char === "'") {
      index = text.startsWith("'''", index) ? skipTripleSingle(text, index + 3) : skipSingle(text, index + 1);
    } else if (char === '"') {
      index = text.startsWith('"""', index) ? skipTripleDouble(text, index + 3) : skipDouble(text, index + 1);
    } else if (char === '#') {
      const lineEnd = text.indexOf('\n', index);
      const end = lineEnd === -1 ? text.length : lineEnd;
      comments.push([index, end]);
      index = end;
    } else {
      index += 1;
    }
  }
  if (comments.length === 0) return text;
  let result = '';
  let copied = 0;
  for (const [start, end] of comments) {
    result += text.slice(copied, start) + ' '.repeat(end - start);
    copied = end;
  }
  return result + text.slice(copied);
}

function skipSingle(text: string, index: number): number {
  while (index < text.length) {
    const char = text[index++];
    if (char === "'" || char === '\n') break;
  }
  return index;
}

function skipTripleSingle(text: string, index: number): number {
  while (index < text.length) {
    const char = text[index++];
    if (char === "'" && text.startsWith("''", index)) return index + 2;
  }
  return index;
}

function skipDouble(text: string, index: number): number {
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    index += 1;
    if (char === '"' || char === '\n') break;
  }
  return index;
}

function skipTripleDouble(text: string, index: number): number {
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    index += 1;
    if (char === '"' && text.startsWith('""', index)) return index + 2;
  }
  return index;
}
