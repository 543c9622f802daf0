import type { AuditEntry, AuditPage, AuditVerification } from '@telegraf-controller/contract/audit';
import { MAX_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api';
import { listParams, usePagedList } from '../../ui/use-paged-list';
import { auditListQuery, type AuditFilters } from './audit-filters';

/** An export stops here: more is a job for the API or a log forwarder, not a browser tab. */
export const EXPORT_MAX_ENTRIES = 50_000;

export const auditKeys = {
  all: ['audit-logs'] as const,
  list: (filters: AuditFilters) => ['audit-logs', 'list', filters] as const,
};

/** Newest first. */
export function useAuditEntries(filters: AuditFilters) {
  return usePagedList<AuditPage>(auditKeys.list(filters), '/api/audit-logs', auditListQuery(filters));
}

/** Walks the whole hash chain on the server; run on request, since it reads every entry. */
export function useVerifyAuditChain() {
  return useMutation({ mutationFn: () => api<AuditVerification>('/api/audit-logs/verify') });
}

/** Every entry the filters match, newest first, up to EXPORT_MAX_ENTRIES; `total` says how many matched. */
async function fetchAuditExport(filters: AuditFilters): Promise<{ entries: AuditEntry[]; total: number }> {
  const query = auditListQuery(filters);
  const entries: AuditEntry[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const limit = Math.min(MAX_PAGE_ITEMS, EXPORT_MAX_ENTRIES - entries.length);
    const page: AuditPage = await api<AuditPage>(`/api/audit-logs?${listParams(query, limit, cursor)}`);
    entries.push(...page.items);
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor && entries.length < EXPORT_MAX_ENTRIES);
  return { entries, total };
}

/** Reads the entries of an export; the caller turns them into a file. */
export function useAuditExport() {
  return useMutation({ mutationFn: fetchAuditExport });
}
