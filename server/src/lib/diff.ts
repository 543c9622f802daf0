/**
 * A unified diff of two texts by lines (longest common subsequence), with `context` lines around each change.
 * Quadratic in the line counts, so very large inputs fall back to "everything replaced".
 */
export function unifiedDiff(before: string, after: string, labels: [string, string], context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = a.length * b.length > 4_000_000 ? replaceAll(a, b) : lcsOps(a, b);
  const lines = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  const changes = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  // Changes closer than 2 × context lines share a hunk.
  const groups: number[][] = [];
  for (const index of changes) {
    const group = groups[groups.length - 1];
    if (group !== undefined && index - group[group.length - 1]! <= 2 * context + 1) group.push(index);
    else groups.push([index]);
  }
  for (const group of groups) {
    const hunk = ops.slice(
      Math.max(0, group[0]! - context),
      Math.min(ops.length, group[group.length - 1]! + context + 1),
    );
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    lines.push(`@@ -${hunk[0]!.aLine + 1},${aCount} +${hunk[0]!.bLine + 1},${bCount} @@`);
    for (const op of hunk) lines.push(`${op.kind}${op.text}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
  aLine: number;
  bLine: number;
}

function lcsOps(a: string[], b: string[]): Op[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? table[(i + 1) * cols + j + 1]! + 1
          : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i]!, aLine: i, bLine: j });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!)) {
      ops.push({ kind: '-', text: a[i]!, aLine: i, bLine: j });
      i++;
    } else {
      ops.push({ kind: '+', text: b[j]!, aLine: i, bLine: j });
      j++;
    }
  }
  return ops;
}

function replaceAll(a: string[], b: string[]): Op[] {
  return [
    ...a.map((text, i): Op => ({ kind: '-', text, aLine: i, bLine: 0 })),
    ...b.map((text, j): Op => ({ kind: '+', text, aLine: a.length, bLine: j })),
  ];
}
