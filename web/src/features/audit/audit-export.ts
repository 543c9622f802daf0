import type { AuditEntry } from '@telegraf-controller/contract/audit';

export type ExportFormat = 'jsonl' | 'csv';

type Cell = string | number | null;

/** The CSV's columns in order: the entry flattened, `details` as JSON. */
const CSV_COLUMNS: readonly (readonly [string, (entry: AuditEntry) => Cell])[] = [
  ['seq', (entry) => entry.seq],
  ['at', (entry) => entry.at],
  ['action', (entry) => entry.action],
  ['outcome', (entry) => entry.outcome],
  ['actor_type', (entry) => entry.actor.type],
  ['actor_id', (entry) => entry.actor.id],
  ['actor_name', (entry) => entry.actor.name],
  ['token_owner_id', (entry) => entry.actor.tokenOwnerId],
  ['ip', (entry) => entry.ip],
  ['user_agent', (entry) => entry.userAgent],
  ['target_type', (entry) => entry.target?.type ?? null],
  ['target_id', (entry) => entry.target?.id ?? null],
  ['target_name', (entry) => entry.target?.name ?? null],
  ['details', (entry) => JSON.stringify(entry.details)],
  ['prev_hash', (entry) => entry.prevHash],
  ['hash', (entry) => entry.hash],
];

/**
 * A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` as a formula (tab and CR can smuggle one in): a
 * leading `'` keeps it text, since names, user agents and details come from people and clients.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field holding a comma, quote, CR or LF is quoted, its quotes doubled. */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvCell(value: Cell): string {
  return quoteCsvField(neutralizeFormula(value === null ? '' : String(value)));
}

/** A header row, then one row per entry; lines end in CRLF as RFC 4180 has it. */
export function toCsv(entries: readonly AuditEntry[]): string {
  const header = CSV_COLUMNS.map(([name]) => name).join(',');
  const rows = entries.map((entry) => CSV_COLUMNS.map(([, cell]) => csvCell(cell(entry))).join(','));
  return [header, ...rows].map((line) => `${line}\r\n`).join('');
}

/** One entry per line, exactly as the API answered it. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

const MEDIA_TYPES: Record<ExportFormat, string> = { jsonl: 'application/jsonl', csv: 'text/csv' };

/** The file an export is saved as: its contents, media type and a name stamped with the time of export. */
export function exportFile(format: ExportFormat, entries: readonly AuditEntry[], now: Date) {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  return {
    name: `audit-log-${stamp}.${format}`,
    type: MEDIA_TYPES[format],
    text: format === 'csv' ? toCsv(entries) : toJsonLines(entries),
  };
}
