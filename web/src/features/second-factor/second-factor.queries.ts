import type {
  RecoveryCodes,
  SecondFactorCode,
  SecondFactorEnrolment,
  SecondFactorEnrolmentRequest,
  SecondFactorRemoval,
  SecondFactorStatus,
  UserSecondFactor,
} from '@telegraf-controller/contract/second-factor';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { authKeys } from '../auth/auth.queries';

const PATH = '/api/account/second-factor';

export const secondFactorKeys = {
  own: ['second-factor'] as const,
  user: (id: string) => ['second-factor', 'user', id] as const,
};

export function useSecondFactor() {
  return useQuery({ queryKey: secondFactorKeys.own, queryFn: () => api<SecondFactorStatus>(PATH) });
}

export function useBeginEnrolment() {
  return useMutation({
    mutationFn: (body: SecondFactorEnrolmentRequest) =>
      api<SecondFactorEnrolment>(`${PATH}/enrolment`, { method: 'POST', body }),
  });
}

/** Confirming may lift a session's hold (a role that requires a second factor): who-am-I is read again. */
export function useConfirmEnrolment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SecondFactorCode) => api<RecoveryCodes>(`${PATH}/confirmation`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secondFactorKeys.own }),
  });
}

/** After the codes were shown: the signed-in app may now load what the session's role grants. */
export function useFinishEnrolment() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: authKeys.me });
}

export function useNewRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SecondFactorCode) => api<RecoveryCodes>(`${PATH}/recovery-codes`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secondFactorKeys.own }),
  });
}

export function useRemoveSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SecondFactorRemoval) => api<void>(PATH, { method: 'DELETE', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secondFactorKeys.own }),
  });
}

export function useUserSecondFactor(id: string, enabled: boolean) {
  return useQuery({
    queryKey: secondFactorKeys.user(id),
    queryFn: () => api<UserSecondFactor>(`/api/users/${encodeURIComponent(id)}/second-factor`),
    enabled,
  });
}

export function useResetUserSecondFactor(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/api/users/${encodeURIComponent(id)}/second-factor`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secondFactorKeys.user(id) }),
  });
}
