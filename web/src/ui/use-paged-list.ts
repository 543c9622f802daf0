import { keepPreviousData, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { api } from '../api';

const PAGE_SIZE = 50;

/** Query parameters of a list; empty ones are left out, and an array repeats its name (`label=a&label=b`). */
export type ListQuery = Record<string, string | readonly string[] | null | undefined>;

/**
 * A server list (`{items, nextCursor, total}`) read one page at a time; "Load more" follows `nextCursor`. While
 * new filters load, the previous rows stay on screen instead of an empty table.
 */
export function usePagedList<T extends { nextCursor: string | null }>(
  queryKey: QueryKey,
  path: string,
  query: ListQuery = {},
  enabled = true,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      for (const [name, value] of Object.entries(query)) {
        for (const one of typeof value === 'string' ? [value] : (value ?? [])) if (one) params.append(name, one);
      }
      if (pageParam) params.set('cursor', pageParam);
      return api<T>(`${path}?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}
