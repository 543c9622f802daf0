/** A 1-based place in a text, as an editor shows it. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Returns a lookup from offset to line and column. Lines end at `\n` (a `\r` before it is the last column of its
 * line); columns count UTF-16 code units, which is what browser editors count, so a finding lands where the UI
 * puts the cursor.
 */
export function createPositionLookup(text: string): (offset: number) => TextPosition {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lineStarts.push(index + 1);
  }
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}
