import type { AccountUpdate, PasswordChange, User } from '@telegraf-controller/contract/users';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { authKeys } from '../auth/auth.queries';

export const accountKeys = {
  account: ['account'] as const,
};

export function useAccount() {
  return useQuery({ queryKey: accountKeys.account, queryFn: () => api<User>('/api/account') });
}

/** The header shows the username from /api/auth/me, so it is read again after a change. */
export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AccountUpdate) => api<User>('/api/account', { method: 'PATCH', body }),
    onSuccess: (user) => {
      queryClient.setQueryData(accountKeys.account, user);
      return queryClient.invalidateQueries({ queryKey: authKeys.me });
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: PasswordChange) => api<void>('/api/account/password', { method: 'POST', body }),
  });
}
