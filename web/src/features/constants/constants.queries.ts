import type { Constant, ConstantCreate, ConstantList, ConstantUpdate } from '@telegraf-controller/contract/configs';
import { MAX_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';
import { configKeys } from '../configs/configs.queries';

/** A constant with the configurations that refer to it (`GET /api/constants/{name}`). */
export type ConstantDetail = Constant & { usedBy: { id: string; name: string }[] };

export const constantKeys = {
  all: ['constants'] as const,
  list: (search: string) => ['constants', 'list', search] as const,
  every: ['constants', 'every'] as const,
  detail: (name: string) => ['constants', 'detail', name] as const,
};

const constantPath = (name: string) => `/api/constants/${encodeURIComponent(name)}`;

/** The constants by name, a page at a time; `search` matches name, value and description. */
export function useConstantPages(search: string) {
  return usePagedList<ConstantList>(constantKeys.list(search), '/api/constants', { search });
}

/** Every constant, read a full page at a time: the editor offers each one for `::{name}`. */
async function readEveryConstant(): Promise<Constant[]> {
  const items: Constant[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ limit: String(MAX_PAGE_ITEMS) });
    if (cursor !== null) params.set('cursor', cursor);
    const page: ConstantList = await api<ConstantList>(`/api/constants?${params}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

export function useConstants(enabled = true) {
  return useQuery({
    queryKey: constantKeys.every,
    queryFn: async () => ({ items: await readEveryConstant() }),
    enabled,
  });
}

export function useConstant(name: string | null) {
  return useQuery({
    queryKey: constantKeys.detail(name ?? ''),
    queryFn: () => api<ConstantDetail>(constantPath(name ?? '')),
    enabled: name !== null,
  });
}

/** A constant's value is part of every configuration that uses it, so their cached views are read again too. */
function refresh(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: constantKeys.all }),
    queryClient.invalidateQueries({ queryKey: configKeys.all }),
  ]);
}

export function useCreateConstant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConstantCreate) => api<Constant>('/api/constants', { method: 'POST', body }),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateConstant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, ...body }: ConstantUpdate & { name: string }) =>
      api<Constant>(constantPath(name), { method: 'PATCH', body }),
    onSuccess: () => refresh(queryClient),
  });
}

export function useDeleteConstant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<void>(constantPath(name), { method: 'DELETE' }),
    onSuccess: (_, name) => {
      queryClient.removeQueries({ queryKey: constantKeys.detail(name) });
      return refresh(queryClient);
    },
  });
}
