import { useDebouncedValue } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { NO_AUDIT_FILTERS, readAuditFilters, writeAuditFilters, type AuditFilters } from './audit-filters';

const TYPING_DELAY_MS = 300;

/**
 * The audit log's filters, kept in the URL so a filtered view can be linked, reloaded and walked back through.
 * `chosen` is what the inputs show; `applied` is what the server is asked, the typed texts once typing pauses.
 */
export function useAuditFilters() {
  const [params, setParams] = useSearchParams();
  const chosen = readAuditFilters(params);
  const [actor] = useDebouncedValue(chosen.actor.trim(), TYPING_DELAY_MS);
  const [action] = useDebouncedValue(chosen.action.trim(), TYPING_DELAY_MS);
  const [target] = useDebouncedValue(chosen.target.trim(), TYPING_DELAY_MS);
  const applied: AuditFilters = { ...chosen, actor, action, target };

  return {
    chosen,
    applied,
    /** Whether anything narrows the list. */
    filtered: writeAuditFilters(applied).size > 0,
    change: (change: Partial<AuditFilters>) =>
      setParams((current) => writeAuditFilters({ ...readAuditFilters(current), ...change }), { replace: true }),
    clear: () => setParams(writeAuditFilters(NO_AUDIT_FILTERS), { replace: true }),
  };
}

export type AuditFilterState = ReturnType<typeof useAuditFilters>;
