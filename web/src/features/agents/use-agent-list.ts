import { useDebouncedValue } from '@mantine/hooks';
import type { AgentSort, AgentStatus } from '@telegraf-controller/contract/agents';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { useCan } from '../auth/use-can';
import { useConfig } from '../configs/configs.queries';
import type { OfferedFlag } from './agent-flags';
import { passedPattern, urlFiltersOf, withUrlFilters, type PatternNamed, type UrlFilters } from './agent-list-url';
import type { AgentFilters, AgentPageQuery } from './agents.queries';

const SEARCH_DELAY_MS = 300;
export const PAGE_SIZES = [25, 50, 100] as const;

type Named = { id: string; name: string };

/** The filters as chosen, with the names their chips show. */
export type ChosenFilters = {
  search: string;
  status: AgentStatus | null;
  /** From the URL: a configuration's link to its Outdated agents opens the list narrowed to it. */
  config: Named | null;
  reportingRule: Named | null;
  label: LabelRef | null;
  /** From the URL: the fleet bar's Outdated and Incompatible segments and a configuration's link lead to it. */
  flag: OfferedFlag | null;
  /** A token id, from the URL: a token's "View agents" link opens the list narrowed to it. */
  token: string | null;
  /** From the URL: the Error Patterns page links to the agents that reported a pattern. */
  errorPattern: PatternNamed | null;
  /** Only agents flagged as a duplicate id. */
  duplicate: boolean;
};

export type SortColumn = Exclude<AgentSort, 'id'>;

/** The filters kept in this page's state; the token, configuration, flag and error pattern are kept in the URL. */
type PickedFilters = Omit<ChosenFilters, keyof UrlFilters>;

const NO_FILTERS: PickedFilters = { search: '', status: null, reportingRule: null, label: null, duplicate: false };
const NO_URL_FILTERS: UrlFilters = { token: null, config: null, flag: null, errorPattern: null };
/** The order a column sorts in when first clicked: the latest report first, names and statuses A–Z. */
const FIRST_ORDER: Record<SortColumn, 'asc' | 'desc'> = { lastSeen: 'desc', hostname: 'asc', status: 'asc' };

/**
 * The agents list's view: filters, sort, page size and the cursors of the pages walked through, so "previous" can
 * go back. Any change of filter, sort or page size starts again at page 1.
 */
export function useAgentList() {
  const [picked, setPicked] = useState<PickedFilters>(NO_FILTERS);
  const [params, setParams] = useSearchParams();
  const inUrl = urlFiltersOf(params);
  const config = useConfigNamed(inUrl.config);
  const errorPattern = usePatternNamed(inUrl.errorPattern);
  const chosen: ChosenFilters = { ...picked, ...inUrl, config: config.named, errorPattern };
  // Replacing the entry: Back leaves the list for the page that linked to it rather than restoring its filters.
  const setUrlFilters = (change: Partial<UrlFilters>) =>
    setParams((current) => withUrlFilters(current, change), { replace: true });
  const [debouncedSearch] = useDebouncedValue(chosen.search.trim(), SEARCH_DELAY_MS);
  const [sort, setSort] = useState<{ sortBy: SortColumn; sortOrder: 'asc' | 'desc' }>({
    sortBy: 'lastSeen',
    sortOrder: 'desc',
  });
  const [limit, setLimit] = useState<number>(PAGE_SIZES[0]);
  const filters: AgentFilters = {
    search: debouncedSearch,
    status: chosen.status,
    config: inUrl.config,
    reportingRule: chosen.reportingRule?.id ?? null,
    label: chosen.label?.id ?? null,
    flag: chosen.flag,
    token: chosen.token,
    errorPattern: inUrl.errorPattern,
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
    setFilter: ({ token, config: named, flag, errorPattern: pattern, ...change }: Partial<ChosenFilters>) => {
      if (named) config.remember(named);
      const urlChange = {
        token,
        config: named === undefined ? undefined : (named?.id ?? null),
        flag,
        errorPattern: pattern === undefined ? undefined : (pattern?.id ?? null),
      };
      if (Object.values(urlChange).some((value) => value !== undefined)) setUrlFilters(urlChange);
      setPicked((current) => ({ ...current, ...change }));
    },
    clearFilters: () => {
      setPicked(NO_FILTERS);
      setUrlFilters(NO_URL_FILTERS);
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

/**
 * The configuration the URL narrows the list to, by name: the one picked in the filter is remembered, one that came
 * with a link is read (for roles that may); until then, or when it cannot be read, its id stands for its name.
 */
function useConfigNamed(id: string | null) {
  const canReadConfigs = useCan('configs:read');
  const [remembered, remember] = useState<Named | null>(null);
  const known = remembered !== null && remembered.id === id ? remembered : null;
  const read = useConfig(id ?? '', canReadConfigs && id !== null && known === null);
  const named: Named | null = id === null ? null : (known ?? { id, name: read.data?.name ?? id });
  return { named, remember: (config: Named) => remember({ id: config.id, name: config.name }) };
}

/**
 * The error pattern the URL narrows the list to, by its text: the link from the Error Patterns page passes it in
 * its state (kept for the life of the list, since a change of filter replaces the entry without it). No API reads
 * one pattern by id, so without it the id stands for its text.
 */
function usePatternNamed(id: string | null): PatternNamed | null {
  const passed = passedPattern(useLocation().state);
  const [first] = useState(passed);
  const known = [passed, first].find((named) => named?.id === id);
  return id === null ? null : (known ?? { id, pattern: id });
}
