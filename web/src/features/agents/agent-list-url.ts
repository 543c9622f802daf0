import { isOfferedFlag, type OfferedFlag } from './agent-flags';

/**
 * The agents list's filters kept in its URL, so the links that lead to them (a token's "View agents", a
 * configuration's Outdated agents, the fleet bar's Outdated) survive a reload and can be passed on.
 */
export type UrlFilters = {
  /** A token id. */
  token: string | null;
  /** A configuration id. */
  config: string | null;
  flag: OfferedFlag | null;
};

const URL_FILTERS = ['token', 'config', 'flag'] as const satisfies readonly (keyof UrlFilters)[];

/** The URL filters a query string holds; a flag the list does not know is no filter. */
export function urlFiltersOf(params: URLSearchParams): UrlFilters {
  const flag = params.get('flag');
  return {
    token: params.get('token') || null,
    config: params.get('config') || null,
    flag: isOfferedFlag(flag) ? flag : null,
  };
}

/** The query string with `change` applied: a null value drops its parameter; others are left as they are. */
export function withUrlFilters(params: URLSearchParams, change: Partial<UrlFilters>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of URL_FILTERS) {
    const value = change[name];
    if (value === undefined) continue;
    if (value) next.set(name, value);
    else next.delete(name);
  }
  return next;
}

/** The agents list narrowed by filters it keeps in its URL. */
export function agentsListPath(filters: Partial<UrlFilters>): string {
  const query = withUrlFilters(new URLSearchParams(), filters).toString();
  return query ? `/agents?${query}` : '/agents';
}
