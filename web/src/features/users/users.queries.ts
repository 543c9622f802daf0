import type { IssuedLink, PasswordResetCreate, User, UserList, UserUpdate } from '@telegraf-controller/contract/users';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';

export const userKeys = {
  all: ['users'] as const,
  lists: ['users', 'list'] as const,
  list: (search: string) => ['users', 'list', search] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export function useUsers(search: string, enabled = true) {
  return usePagedList<UserList>(userKeys.list(search), '/api/users', { search }, enabled);
}

export function useUser(id: string, enabled = true) {
  return useQuery({
    queryKey: userKeys.detail(id),
    queryFn: () => api<User>(`/api/users/${encodeURIComponent(id)}`),
    enabled,
  });
}

/** Every change answers the updated user: it replaces the cached detail, and the lists are read again. */
function useUserChange<V>(request: (variables: V) => Promise<User>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(user.id), user);
      return queryClient.invalidateQueries({ queryKey: userKeys.lists });
    },
  });
}

export function useUpdateUser(id: string) {
  return useUserChange((body: UserUpdate) =>
    api<User>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  );
}

export function useSetUserEnabled(id: string) {
  return useUserChange((enabled: boolean) =>
    api<User>(`/api/users/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }),
  );
}

export function useDeleteUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/api/users/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: userKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: userKeys.lists });
    },
  });
}

/** Ends the caller's own session: everything cached belonged to it. */
export function useTransferOwnership(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<User>(`/api/users/${encodeURIComponent(id)}/transfer-ownership`, { method: 'POST' }),
    onSuccess: () => queryClient.clear(),
  });
}

export function useCreatePasswordReset(id: string) {
  return useMutation({
    mutationFn: (body: PasswordResetCreate) =>
      api<IssuedLink>(`/api/users/${encodeURIComponent(id)}/password-reset`, { method: 'POST', body }),
  });
}
