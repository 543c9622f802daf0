import type { PermissionTable } from '@telegraf-controller/contract/permissions';
import type {
  Token,
  TokenBulk,
  TokenBulkResult,
  TokenCapabilities,
  TokenCreate,
  TokenCreated,
  TokenList,
  TokenStatus,
} from '@telegraf-controller/contract/tokens';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';

export type TokenFilters = { status: TokenStatus | null; search: string; userId: string | null };

export const tokenKeys = {
  all: ['tokens'] as const,
  lists: ['tokens', 'list'] as const,
  list: (filters: TokenFilters) => ['tokens', 'list', filters] as const,
  details: ['tokens', 'detail'] as const,
  detail: (id: string) => ['tokens', 'detail', id] as const,
  capabilities: ['tokens', 'capabilities'] as const,
};

export const permissionKeys = { table: ['permissions', 'table'] as const };

const tokenPath = (id: string) => `/api/tokens/${encodeURIComponent(id)}`;

/** Newest first. */
export function useTokens(filters: TokenFilters, enabled = true) {
  const { status, search, userId } = filters;
  return usePagedList<TokenList>(tokenKeys.list(filters), '/api/tokens', { status, search, userId }, enabled);
}

export function useToken(id: string, enabled = true) {
  return useQuery({ queryKey: tokenKeys.detail(id), queryFn: () => api<Token>(tokenPath(id)), enabled });
}

export function useTokenCapabilities(enabled = true) {
  return useQuery({
    queryKey: tokenKeys.capabilities,
    queryFn: () => api<TokenCapabilities>('/api/tokens/capabilities'),
    staleTime: Infinity,
    enabled,
  });
}

/** The resources, their actions and each role's grants: fixed for the life of a server version. */
export function usePermissionTable(enabled = true) {
  return useQuery({
    queryKey: permissionKeys.table,
    queryFn: () => api<PermissionTable>('/api/permissions'),
    staleTime: Infinity,
    enabled,
  });
}

function refreshLists(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: tokenKeys.lists });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenCreate) => api<TokenCreated>('/api/tokens', { method: 'POST', body }),
    onSuccess: () => refreshLists(queryClient),
  });
}

/** A change that answers the updated token: it replaces the cached detail, and the lists are read again. */
function useTokenChange<V>(request: (variables: V) => Promise<Token>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (token) => {
      queryClient.setQueryData(tokenKeys.detail(token.id), token);
      return refreshLists(queryClient);
    },
  });
}

/** Revokes a token; with `children`, also the tokens created with it (and theirs). */
export function useRevokeToken() {
  return useTokenChange(({ id, children = false }: { id: string; children?: boolean }) =>
    api<Token>(`${tokenPath(id)}/revoke${children ? '?children=true' : ''}`, { method: 'POST' }),
  );
}

export function useReassignToken() {
  return useTokenChange(({ id, userId }: { id: string; userId: string }) =>
    api<Token>(`${tokenPath(id)}/reassign`, { method: 'POST', body: { userId } }),
  );
}

export function useDeleteToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(tokenPath(id), { method: 'DELETE' }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: tokenKeys.detail(id) });
      return refreshLists(queryClient);
    },
  });
}

/** Each id gets its own result; whatever happened, every cached token may have changed. */
export function useBulkTokens() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenBulk) => api<TokenBulkResult>('/api/tokens/bulk', { method: 'POST', body }),
    onSettled: () =>
      Promise.all([refreshLists(queryClient), queryClient.invalidateQueries({ queryKey: tokenKeys.details })]),
  });
}
