import type { ErrorPatternList } from '@telegraf-controller/contract/error-patterns';
import { usePagedList } from '../../ui/use-paged-list';
import { errorPatternListQuery, type ErrorPatternFilters } from './error-pattern-filters';

export const errorPatternKeys = {
  all: ['error-patterns'] as const,
  list: (filters: ErrorPatternFilters) => ['error-patterns', 'list', filters] as const,
};

/** The fleet's error patterns the filters match, most recently seen first, a page at a time. */
export function useErrorPatterns(filters: ErrorPatternFilters) {
  return usePagedList<ErrorPatternList>(
    errorPatternKeys.list(filters),
    '/api/error-patterns',
    errorPatternListQuery(filters),
  );
}
