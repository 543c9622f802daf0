import { isOfferedFlag, type OfferedFlag } from './agent-flags';

/**
 * The agents list's filters kept in its URL, so the links that lead to them (a token's "View agents", a
 * configuration's Outdated agents, the fleet bar's Outdated, an error pattern's agents) survive a reload and can be
 * passed on.
 */
export type UrlFilters = {
  /** A token id. */
  token: string | null;
  /** A configuration id. */
  config: string | null;
  flag: OfferedFlag | null;
  /** An error pattern id (`GET /api/error-patterns`). */
  errorPattern: string | null;
};

const URL_FILTERS = ['token', 'config', 'flag', 'errorPattern'] as const satisfies readonly (keyof UrlFilters)[];

/** The URL filters a query string holds; a flag the list does not know is no filter. */
export function urlFiltersOf(params: URLSearchParams): UrlFilters {
  const flag = params.get('flag');
  return {
    token: params.get('token') || null,
    config: params.get('config') || null,
    flag: isOfferedFlag(flag) ? flag : null,
    errorPattern: params.get('errorPattern') || null,
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

/** An error pattern by its text, as its chip names it. */
export type PatternNamed = { id: string; pattern: string };

/**
 * What a link to the list passes beside its URL (router state): the text of the error pattern it narrows to, which
 * no API reads by id.
 */
export type AgentsListState = { errorPattern: PatternNamed };

/** The error pattern a link passed in its state, if any; anything else in the state is no pattern. */
export function passedPattern(state: unknown): PatternNamed | null {
  if (typeof state !== 'object' || state === null || !('errorPattern' in state)) return null;
  const passed = state.errorPattern;
  if (typeof passed !== 'object' || passed === null || !('id' in passed) || !('pattern' in passed)) return null;
  const { id, pattern } = passed;
  return typeof id === 'string' && typeof pattern === 'string' ? { id, pattern } : null;
}
