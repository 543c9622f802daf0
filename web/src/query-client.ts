import { MutationCache, QueryCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api';
import { authKeys } from './features/auth/auth.queries';

const MAX_RETRIES = 2;

/**
 * A 401 on any call other than /api/auth/me means the session ended behind our back (role change, disable, sign
 * out elsewhere): reading /api/auth/me again lets the session gate send the user to /login.
 */
function onSessionError(error: unknown, queryKey?: QueryKey) {
  if (!(error instanceof ApiError) || error.status !== 401 || error.code !== 'unauthorized') return;
  if (queryKey?.[0] === authKeys.all[0]) return;
  void queryClient.invalidateQueries({ queryKey: authKeys.me });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onSessionError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onSessionError(error) }),
  defaultOptions: {
    queries: {
      // A 4xx answer will not change on retry; only transport failures and 5xx are worth another attempt.
      retry: (failureCount, error) =>
        failureCount < MAX_RETRIES && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});
