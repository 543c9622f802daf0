import type { AuthStatus, LoginRequest, LogoutRedirect, SetupRequest } from '@telegraf-controller/contract/auth';
import type { Me, User } from '@telegraf-controller/contract/users';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api';

export const authKeys = {
  all: ['auth'] as const,
  status: ['auth', 'status'] as const,
  me: ['auth', 'me'] as const,
};

const SESSION_STALE_MS = 30_000;

export function useAuthStatus() {
  return useQuery({
    queryKey: authKeys.status,
    queryFn: () => api<AuthStatus>('/api/auth/status'),
    staleTime: SESSION_STALE_MS,
  });
}

/** Who is signed in; fails with 401 when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: () => api<Me>('/api/auth/me'),
    staleTime: SESSION_STALE_MS,
  });
}

/** A new session began (sign-in, accepted invite): nothing cached under the previous one may leak into it. */
export function startSession(queryClient: QueryClient, me: Me) {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] });
  queryClient.setQueryData(authKeys.me, me);
}

/**
 * Creates the owner and signs them in with the same credentials, so setup ends on the dashboard. Resolves to null
 * when the account was created but the sign-in was refused (the sign-in page then says why).
 */
export function useSetupOwner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SetupRequest): Promise<Me | null> => {
      await api<User>('/api/auth/setup', { method: 'POST', body });
      return api<Me>('/api/auth/login', {
        method: 'POST',
        body: { username: body.username, password: body.password },
      }).catch(() => null);
    },
    onSuccess: async (me) => {
      if (me) startSession(queryClient, me);
      await queryClient.invalidateQueries({ queryKey: authKeys.status });
    },
  });
}

/** Where each way of signing in with a name and password is answered. */
const LOGIN_PATHS = { local: '/api/auth/login', ldap: '/api/auth/ldap/login' } as const;
export type PasswordProvider = keyof typeof LOGIN_PATHS;

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ provider, ...body }: LoginRequest & { provider: PasswordProvider }) =>
      api<Me>(LOGIN_PATHS[provider], { method: 'POST', body }),
    onSuccess: (me) => startSession(queryClient, me),
  });
}

/**
 * Ends the session and shows the sign-in page. A single sign-on session answers the provider's logout page
 * instead, where the browser goes next (the provider sends it back to the sign-in page).
 */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api<LogoutRedirect | undefined>('/api/auth/logout', { method: 'POST' }),
    onSuccess: (redirect) => {
      queryClient.clear();
      if (redirect) window.location.assign(redirect.endSessionUrl);
      else void navigate('/login', { replace: true });
    },
  });
}
