import { useDebouncedValue } from '@mantine/hooks';
import type { AgentSort, AgentStatus } from '@telegraf-controller/contract/agents';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { useState } from 'react';
import type { AgentFilters, AgentPageQuery } from './agents.queries';

const SEARCH_DELAY_MS = 300;
export const PAGE_SIZES = [25, 50, 100] as const;

type Named = { id: string; name: string };

/** The filters as chosen, with the names their chips show. */
export type ChosenFilters = {
  search: string;
  status: AgentStatus | null;
  config: ConfigSummary | null;
  reportingRule: Named | null;
  label: LabelRef | null;
  /** Only agents flagged as a duplicate id. */
  duplicate: boolean;
};

export type SortColumn = Exclude<AgentSort, 'id'>;

const NO_FILTERS: ChosenFilters = {
  search: '',
  status: null,
  config: null,
  reportingRule: null,
  label: null,
  duplicate: false,
};
/** The order a column sorts in when first clicked: the latest report first, names and statuses A–Z. */
const FIRST_ORDER: Record<SortColumn, 'asc' | 'desc'> = { lastSeen: 'desc', hostname: 'asc', status: 'asc' };

/**
 * The agents list's view: filters, sort, page size and the cursors of the pages walked through, so "previous" can
 * go back. Any change of filter, sort or page size starts again at page 1.
 */
export function useAgentList() {
  const [chosen, setChosen] = useState<ChosenFilters>(NO_FILTERS);
  const [debouncedSearch] = useDebouncedValue(chosen.search.trim(), SEARCH_DELAY_MS);
  const [sort, setSort] = useState<{ sortBy: SortColumn; sortOrder: 'asc' | 'desc' }>({
    sortBy: 'lastSeen',
    sortOrder: 'desc',
  });
  const [limit, setLimit] = useState<number>(PAGE_SIZES[0]);
  const filters: AgentFilters = {
    search: debouncedSearch,
    status: chosen.status,
    config: chosen.config?.id ?? null,
    reportingRule: chosen.reportingRule?.id ?? null,
    label: chosen.label?.id ?? null,
    duplicate: chosen.duplicate,
  };
  // The cursors belong to one view; once the view changes they are dropped without an effect.
  const view = JSON.stringify([filters, sort, limit]);
  const [paging, setPaging] = useState<{ view: string; cursors: (string | null)[] }>({ view, cursors: [null] });
  const cursors = paging.view === view ? paging.cursors : [null];
  const query: AgentPageQuery = { filters, ...sort, limit, cursor: cursors.at(-1) ?? null };

  return {
    chosen,
    filters,
    filtered: Object.values(filters).some(Boolean),
    setFilter: (change: Partial<ChosenFilters>) => setChosen((current) => ({ ...current, ...change })),
    clearFilters: () => setChosen(NO_FILTERS),
    sort,
    sortByColumn: (column: SortColumn) =>
      setSort((current) =>
        current.sortBy === column
          ? { sortBy: column, sortOrder: current.sortOrder === 'asc' ? 'desc' : 'asc' }
          : { sortBy: column, sortOrder: FIRST_ORDER[column] },
      ),
    limit,
    setLimit,
    query,
    /** Zero-based. */
    pageIndex: cursors.length - 1,
    next: (cursor: string) => setPaging({ view, cursors: [...cursors, cursor] }),
    previous: () => setPaging({ view, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
  };
}
