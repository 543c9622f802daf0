import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { describe, expect, it } from 'vitest';
import { exportFile, neutralizeFormula, quoteCsvField, toCsv, toJsonLines } from './audit-export';

const HASH = 'a'.repeat(64);

const entry = (facts: Partial<AuditEntry> = {}): AuditEntry => ({
  seq: 7,
  at: '2025-03-01T10:00:00.000Z',
  action: 'config.update',
  outcome: 'success',
  actor: { type: 'token', id: 'tok_1', name: 'ci-agent', tokenOwnerId: 'usr_1' },
  ip: '10.0.0.1',
  userAgent: 'curl/8.5',
  target: { type: 'config', id: 'cfg_1', name: 'edge' },
  details: { version: 2, diff: '--- version 1\n+++ version 2\n-a\n+b\n' },
  prevHash: '0'.repeat(64),
  hash: HASH,
  ...facts,
});

/** The CSV's rows as arrays of raw fields; enough of RFC 4180 to read back what toCsv wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    const next = text[index + 1];
    if (quoted && char === '"' && next === '"') {
      field += '"';
      index += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && next === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  return rows;
}

describe('audit export', () => {
  it('a cell starting with = + - @ tab or CR gets a leading quote; others are left alone', () => {
    for (const text of ['=SUM(A1)', '+1', '-2', '@cmd', '\tx', '\rx']) {
      expect(neutralizeFormula(text), JSON.stringify(text)).toBe(`'${text}`);
    }
    for (const text of ['', 'alice', '1+1', 'a=b', "'quoted"]) expect(neutralizeFormula(text)).toBe(text);
  });

  it('a field with a comma, quote, CR or LF is quoted with its quotes doubled', () => {
    expect(quoteCsvField('plain')).toBe('plain');
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('the CSV has a header row and one CRLF-ended row per entry that reads back to the entry', () => {
    const csv = toCsv([
      entry(),
      entry({ seq: 6, actor: { type: 'system', id: null, name: null, tokenOwnerId: null } }),
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, first, second] = parseCsv(csv);
    expect(header).toEqual([
      'seq',
      'at',
      'action',
      'outcome',
      'actor_type',
      'actor_id',
      'actor_name',
      'token_owner_id',
      'ip',
      'user_agent',
      'target_type',
      'target_id',
      'target_name',
      'details',
      'prev_hash',
      'hash',
    ]);
    const row = Object.fromEntries(header!.map((name, index) => [name, first![index]]));
    expect(row).toMatchObject({ seq: '7', actor_type: 'token', token_owner_id: 'usr_1', target_name: 'edge' });
    expect(JSON.parse(row.details!)).toEqual(entry().details);
    expect(row.hash).toBe(HASH);
    expect(second!.slice(4, 8)).toEqual(['system', '', '', '']);
  });

  it('a hostile name is neither a formula nor a broken row in the CSV', () => {
    const csv = toCsv([
      entry({ actor: { type: 'user', id: 'usr_2', name: '=HYPERLINK("http://x","y")', tokenOwnerId: null } }),
      entry({ userAgent: '-1,"\r\nnext' }),
    ]);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(3);
    expect(rows[1]![6]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(rows[2]![9]).toBe(`'-1,"\r\nnext`);
  });

  it('JSON Lines holds one parseable entry per line, as the API answered it', () => {
    const entries = [entry(), entry({ seq: 6, target: null, details: { note: 'line\nbreak' } })];
    const lines = toJsonLines(entries).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toEqual(entries);
    expect(toJsonLines([])).toBe('');
  });

  it('the file name carries the format and the time of export', () => {
    const now = new Date('2025-03-01T10:20:30.456Z');
    expect(exportFile('csv', [], now)).toMatchObject({ name: 'audit-log-2025-03-01T10-20-30Z.csv', type: 'text/csv' });
    expect(exportFile('jsonl', [], now).name).toBe('audit-log-2025-03-01T10-20-30Z.jsonl');
  });
});
