import { describe, expect, it } from 'vitest';
import {
  errorPatternListQuery,
  NO_ERROR_PATTERN_FILTERS,
  readErrorPatternFilters,
  writeErrorPatternFilters,
} from './error-pattern-filters';

describe("the Error Patterns page's filters in its URL", () => {
  it('reads the level and the search as typed, and no level the API does not know', () => {
    expect(readErrorPatternFilters(new URLSearchParams('level=WARN&search=%20mysql'))).toEqual({
      level: 'WARN',
      search: ' mysql',
    });
    expect(readErrorPatternFilters(new URLSearchParams('level=INFO'))).toEqual(NO_ERROR_PATTERN_FILTERS);
  });

  it('writes only the filters chosen, so the page without filters keeps a plain URL', () => {
    expect(writeErrorPatternFilters({ level: 'ERROR', search: 'dial tcp' }).toString()).toBe(
      'level=ERROR&search=dial+tcp',
    );
    expect(writeErrorPatternFilters(NO_ERROR_PATTERN_FILTERS).toString()).toBe('');
  });

  it('asks the server for the search trimmed', () => {
    expect(errorPatternListQuery({ level: null, search: '  refused ' })).toEqual({ level: null, search: 'refused' });
  });
});
