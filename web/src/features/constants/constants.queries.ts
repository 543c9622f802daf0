import type { Constant, ConstantCreate, ConstantList, ConstantUpdate } from '@telegraf-controller/contract/configs';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { configKeys } from '../configs/configs.queries';

/** A constant with the configurations that refer to it (`GET /api/constants/{name}`). */
export type ConstantDetail = Constant & { usedBy: { id: string; name: string }[] };

export const constantKeys = {
  all: ['constants'] as const,
  list: ['constants', 'list'] as const,
  detail: (name: string) => ['constants', 'detail', name] as const,
};

const constantPath = (name: string) => `/api/constants/${encodeURIComponent(name)}`;

export function useConstants(enabled = true) {
  return useQuery({ queryKey: constantKeys.list, queryFn: () => api<ConstantList>('/api/constants'), enabled });
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
