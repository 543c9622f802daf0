import type { AuditEntry } from '@telegraf-controller/contract/audit';
import type { ListQuery } from '../../ui/use-paged-list';

export type AuditOutcome = AuditEntry['outcome'];

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];

/** The audit log's filters as the URL holds them: times as ISO 8601 UTC, texts as typed. */
export type AuditFilters = {
  from: string | null;
  to: string | null;
  actor: string;
  action: string;
  target: string;
  outcome: AuditOutcome | null;
};

export const NO_AUDIT_FILTERS: AuditFilters = {
  from: null,
  to: null,
  actor: '',
  action: '',
  target: '',
  outcome: null,
};

export function isAuditOutcome(value: string | null): value is AuditOutcome {
  return AUDIT_OUTCOMES.includes(value as AuditOutcome);
}

/** An ISO 8601 UTC time, or null for anything that is not a time (a hand-edited URL must not fail the list). */
function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The filters a URL's search params name; unknown or malformed values are ignored. */
export function readAuditFilters(params: URLSearchParams): AuditFilters {
  const outcome = params.get('outcome');
  return {
    from: isoOrNull(params.get('from')),
    to: isoOrNull(params.get('to')),
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    target: params.get('target') ?? '',
    outcome: isAuditOutcome(outcome) ? outcome : null,
  };
}

/** The search params of a set of filters; empty ones are left out so a plain /audit-log stays plain. */
export function writeAuditFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params;
}

/** What the server is asked: texts trimmed, empty filters left out. */
export function auditListQuery(filters: AuditFilters): ListQuery {
  return {
    from: filters.from,
    to: filters.to,
    actor: filters.actor.trim(),
    action: filters.action.trim(),
    target: filters.target.trim(),
    outcome: filters.outcome,
  };
}

/** A `datetime-local` input's value (the reader's time zone) as ISO 8601 UTC; null while it is empty or partial. */
export function localInputToIso(value: string): string | null {
  return value ? isoOrNull(value) : null;
}

const pad = (number: number) => String(number).padStart(2, '0');

/** An ISO time as a `datetime-local` input shows it, in the reader's time zone, to the minute. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
