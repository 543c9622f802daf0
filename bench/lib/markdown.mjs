/**
 * A markdown table padded the way prettier pads it, so the generated file reads well as plain text too.
 * `columns` are `{ header, align: 'left' | 'right' }`; `rows` are arrays of cells, one per column.
 */
export function formatTable(columns, rows) {
  const cells = rows.map((row) => row.map((cell) => String(cell).replaceAll('|', '\\|')));
  const widths = columns.map((column, i) => Math.max(3, column.header.length, ...cells.map((row) => row[i].length)));
  const pad = (value, i) => (columns[i].align === 'right' ? value.padStart(widths[i]) : value.padEnd(widths[i]));
  const line = (values) => `| ${values.map(pad).join(' | ')} |`;
  const rule = columns.map((column, i) =>
    column.align === 'right' ? `${'-'.repeat(widths[i] - 1)}:` : '-'.repeat(widths[i]),
  );
  return [line(columns.map((column) => column.header)), `| ${rule.join(' | ')} |`, ...cells.map(line)].join('\n');
}
