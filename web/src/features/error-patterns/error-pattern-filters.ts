import type { ErrorPatternLevel } from '@telegraf-controller/contract/error-patterns';
import type { ListQuery } from '../../ui/use-paged-list';
import { isErrorPatternLevel } from './error-pattern-level';

/** The Error Patterns page's filters as its URL holds them: the search as typed. */
export type ErrorPatternFilters = { level: ErrorPatternLevel | null; search: string };

export const NO_ERROR_PATTERN_FILTERS: ErrorPatternFilters = { level: null, search: '' };

/** The filters a URL's search params name; a level the API does not know is no filter. */
export function readErrorPatternFilters(params: URLSearchParams): ErrorPatternFilters {
  const level = params.get('level');
  return { level: isErrorPatternLevel(level) ? level : null, search: params.get('search') ?? '' };
}

/** The search params of a set of filters; empty ones are left out so a plain /error-patterns stays plain. */
export function writeErrorPatternFilters(filters: ErrorPatternFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.level) params.set('level', filters.level);
  if (filters.search) params.set('search', filters.search);
  return params;
}

/** What the server is asked: the search trimmed, empty filters left out. */
export function errorPatternListQuery(filters: ErrorPatternFilters): ListQuery {
  return { level: filters.level, search: filters.search.trim() };
}
