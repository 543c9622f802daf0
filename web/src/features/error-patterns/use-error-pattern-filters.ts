import { useDebouncedValue } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import {
  NO_ERROR_PATTERN_FILTERS,
  readErrorPatternFilters,
  writeErrorPatternFilters,
  type ErrorPatternFilters,
} from './error-pattern-filters';

const TYPING_DELAY_MS = 300;

/**
 * The Error Patterns page's filters, kept in the URL so a filtered view can be linked, reloaded and walked back
 * through. `chosen` is what the inputs show; `applied` is what the server is asked, the search once typing pauses.
 */
export function useErrorPatternFilters() {
  const [params, setParams] = useSearchParams();
  const chosen = readErrorPatternFilters(params);
  const [search] = useDebouncedValue(chosen.search.trim(), TYPING_DELAY_MS);
  const applied: ErrorPatternFilters = { ...chosen, search };

  return {
    chosen,
    applied,
    /** Whether anything narrows the list. */
    filtered: writeErrorPatternFilters(applied).size > 0,
    change: (change: Partial<ErrorPatternFilters>) =>
      setParams((current) => writeErrorPatternFilters({ ...readErrorPatternFilters(current), ...change }), {
        replace: true,
      }),
    clear: () => setParams(writeErrorPatternFilters(NO_ERROR_PATTERN_FILTERS), { replace: true }),
  };
}

export type ErrorPatternFilterState = ReturnType<typeof useErrorPatternFilters>;
