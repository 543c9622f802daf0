import { keepPreviousData, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { api } from '../api';

const PAGE_SIZE = 50;

/** Query parameters of a list; empty ones are left out, and an array repeats its name (`label=a&label=b`). */
export type ListQuery = Record<string, string | readonly string[] | null | undefined>;

/** The search params of one page of a list: `limit`, the list's filters, and the cursor when there is one. */
export function listParams(query: ListQuery, limit: number, cursor: string | null): URLSearchParams {
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [name, value] of Object.entries(query)) {
    for (const one of typeof value === 'string' ? [value] : (value ?? [])) if (one) params.append(name, one);
  }
  if (cursor) params.set('cursor', cursor);
  return params;
}

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
    queryFn: ({ pageParam }) => api<T>(`${path}?${listParams(query, PAGE_SIZE, pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}
