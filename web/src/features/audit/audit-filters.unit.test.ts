import { describe, expect, it } from 'vitest';
import {
  auditListQuery,
  isoToLocalInput,
  localInputToIso,
  NO_AUDIT_FILTERS,
  readAuditFilters,
  writeAuditFilters,
} from './audit-filters';

describe('audit log filters in the URL', () => {
  it('read back what was written, times as ISO 8601 UTC', () => {
    const filters = {
      ...NO_AUDIT_FILTERS,
      from: '2025-03-01T10:00:00.000Z',
      action: 'config.update',
      outcome: 'denied' as const,
    };
    const params = writeAuditFilters(filters);
    expect(params.toString()).toBe('from=2025-03-01T10%3A00%3A00.000Z&action=config.update&outcome=denied');
    expect(readAuditFilters(params)).toEqual(filters);
  });

  it('a malformed time or an unknown outcome in a hand-edited URL is ignored, not sent', () => {
    const filters = readAuditFilters(new URLSearchParams('from=yesterday&to=2025-03-01T11:00:00Z&outcome=maybe'));
    expect(filters).toEqual({ ...NO_AUDIT_FILTERS, to: '2025-03-01T11:00:00.000Z' });
  });

  it('the server is asked with texts trimmed', () => {
    expect(auditListQuery({ ...NO_AUDIT_FILTERS, actor: '  usr_1 ', target: '  ' })).toMatchObject({
      actor: 'usr_1',
      target: '',
    });
  });

  it('a datetime-local value is the reader’s local time, sent as UTC and shown back unchanged', () => {
    const iso = localInputToIso('2025-03-01T10:30');
    expect(iso).toBe(new Date(2025, 2, 1, 10, 30).toISOString());
    expect(isoToLocalInput(iso)).toBe('2025-03-01T10:30');
    expect(localInputToIso('')).toBeNull();
    expect(isoToLocalInput(null)).toBe('');
  });
});
