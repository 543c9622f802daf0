import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

// The contract has no auth schemas yet; these request shapes move to `contract/auth.ts` with the server's auth module.
export type SetupRequest = { username: string; email: string; password: string };
export type LoginRequest = { username: string; password: string };

export function useSetupOwner() {
  return useMutation({
    mutationFn: (body: SetupRequest) => api<unknown>('/api/auth/setup', { method: 'POST', body }),
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api<unknown>('/api/auth/login', { method: 'POST', body }),
    // Whatever was cached belonged to the previous (or no) session.
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    onSuccess: () => queryClient.clear(),
  });
}
