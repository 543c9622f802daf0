import { useDebouncedValue } from '@mantine/hooks';
import type { AgentSort, AgentStatus } from '@telegraf-controller/contract/agents';
import type { ConfigSummary } from '@telegraf-controller/contract/configs';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AgentFlag } from './agent-flags';
import { TOKEN_PARAM } from './agent-token';
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
  flag: AgentFlag | null;
  /** A token id, from the URL: a token's "View agents" link opens the list narrowed to it. */
  token: string | null;
  /** Only agents flagged as a duplicate id. */
  duplicate: boolean;
};

export type SortColumn = Exclude<AgentSort, 'id'>;

/** The filters kept in this page's state; the token is kept in the URL. */
type PickedFilters = Omit<ChosenFilters, 'token'>;

const NO_FILTERS: PickedFilters = {
  search: '',
  status: null,
  config: null,
  reportingRule: null,
  label: null,
  flag: null,
  duplicate: false,
};
/** The order a column sorts in when first clicked: the latest report first, names and statuses A–Z. */
const FIRST_ORDER: Record<SortColumn, 'asc' | 'desc'> = { lastSeen: 'desc', hostname: 'asc', status: 'asc' };

/**
 * The agents list's view: filters, sort, page size and the cursors of the pages walked through, so "previous" can
 * go back. Any change of filter, sort or page size starts again at page 1.
 */
export function useAgentList() {
  const [picked, setPicked] = useState<PickedFilters>(NO_FILTERS);
  const [params, setParams] = useSearchParams();
  const chosen: ChosenFilters = { ...picked, token: params.get(TOKEN_PARAM) || null };
  // Replacing the entry: Back leaves the list for the page that linked to it rather than restoring the token.
  const setToken = (token: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (token) next.set(TOKEN_PARAM, token);
        else next.delete(TOKEN_PARAM);
        return next;
      },
      { replace: true },
    );
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
    flag: chosen.flag,
    token: chosen.token,
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
    setFilter: ({ token, ...change }: Partial<ChosenFilters>) => {
      if (token !== undefined) setToken(token);
      setPicked((current) => ({ ...current, ...change }));
    },
    clearFilters: () => {
      setPicked(NO_FILTERS);
      setToken(null);
    },
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
