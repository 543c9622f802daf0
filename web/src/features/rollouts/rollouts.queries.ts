import type { Config } from '@telegraf-controller/contract/configs';
import type {
  Rollout,
  RolloutCreate,
  RolloutList,
  RolloutState,
  VersionReview,
  VersionReviewRequest,
} from '@telegraf-controller/contract/rollouts';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { configKeys } from '../configs/configs.queries';

/** Seconds between reads of a rollout that is still moving: steps are judged every 10 s on the server. */
export const ROLLOUT_POLL_MS = 3_000;

export const rolloutKeys = {
  all: (configId: string) => [...configKeys.detail(configId), 'rollouts'] as const,
  detail: (configId: string, rolloutId: string) => [...configKeys.detail(configId), 'rollouts', rolloutId] as const,
  review: (configId: string, request: VersionReviewRequest | null) =>
    [...configKeys.detail(configId), 'review', request] as const,
};

export type RolloutMove = 'pause' | 'resume' | 'abort';

const ACTIVE: readonly RolloutState[] = ['running', 'paused'];

/** Running or paused: agents in reached cohorts are served its version, and it can still move. */
export const isActive = (rollout: Pick<Rollout, 'state'>) => ACTIVE.includes(rollout.state);

const configPath = (configId: string) => `/api/configs/${encodeURIComponent(configId)}`;
const rolloutsPath = (configId: string) => `${configPath(configId)}/rollouts`;

/**
 * A rollout that ends on the server (finished: its version is published; reverted) changes what the configuration
 * serves, so the configuration is read again. Its `updatedAt` stays, so an open editor keeps its unsaved edits.
 */
function refreshServing(queryClient: QueryClient, configId: string) {
  void queryClient.invalidateQueries({ queryKey: configKeys.detail(configId), exact: true });
}

/** A configuration's rollouts, newest first; read again every few seconds while one of them is active. */
export function useRollouts(configId: string, enabled = true) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: rolloutKeys.all(configId),
    queryFn: async () => {
      const before = queryClient.getQueryData<RolloutList>(rolloutKeys.all(configId));
      const list = await api<RolloutList>(rolloutsPath(configId));
      if (before?.items.some(isActive) && !list.items.some(isActive)) refreshServing(queryClient, configId);
      return list;
    },
    refetchInterval: (query) => (query.state.data?.items.some(isActive) ? ROLLOUT_POLL_MS : false),
    enabled,
  });
}

/** One rollout, read again every few seconds while it is active (its step moves and may revert on the server). */
export function useRollout(configId: string, rolloutId: string, enabled = true) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: rolloutKeys.detail(configId, rolloutId),
    queryFn: async () => {
      const before = queryClient.getQueryData<Rollout>(rolloutKeys.detail(configId, rolloutId));
      const rollout = await api<Rollout>(`${rolloutsPath(configId)}/${encodeURIComponent(rolloutId)}`);
      if (before && isActive(before) && !isActive(rollout)) refreshServing(queryClient, configId);
      return rollout;
    },
    refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? ROLLOUT_POLL_MS : false),
    enabled,
  });
}

/**
 * A change of a rollout: it becomes the cached detail; the list is read again, and so is the configuration, whose
 * published version moves when a rollout ends.
 */
function useRolloutChange<V>(configId: string, request: (variables: V) => Promise<Rollout>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (rollout) => {
      queryClient.setQueryData(rolloutKeys.detail(configId, rollout.id), rollout);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: rolloutKeys.all(configId), exact: true }),
        queryClient.invalidateQueries({ queryKey: configKeys.detail(configId), exact: true }),
      ]);
    },
  });
}

export function useStartRollout(configId: string) {
  return useRolloutChange(configId, (body: RolloutCreate) =>
    api<Rollout>(rolloutsPath(configId), { method: 'POST', body }),
  );
}

export function useMoveRollout(configId: string, rolloutId: string) {
  return useRolloutChange(configId, (move: RolloutMove) =>
    api<Rollout>(`${rolloutsPath(configId)}/${encodeURIComponent(rolloutId)}/${move}`, { method: 'POST' }),
  );
}

/**
 * A change of what is served: it answers the configuration, which becomes the cached detail; the lists, the versions
 * (their badges) and the rollouts (a pin ends one) are read again.
 */
function useServingChange<V>(configId: string, request: (variables: V) => Promise<Config>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (config) => {
      queryClient.setQueryData(configKeys.detail(configId), config);
      return Promise.all(
        [configKeys.lists, configKeys.versions(configId), rolloutKeys.all(configId)].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      );
    },
  });
}

export function usePublishVersion(configId: string) {
  return useServingChange(configId, (version: number) =>
    api<Config>(`${configPath(configId)}/publish`, { method: 'POST', body: { version } }),
  );
}

export function usePinConfig(configId: string) {
  return useServingChange(configId, (version: number) =>
    api<Config>(`${configPath(configId)}/pin`, { method: 'PUT', body: { version } }),
  );
}

export function useUnpinConfig(configId: string) {
  return useServingChange<void>(configId, () => api<Config>(`${configPath(configId)}/pin`, { method: 'DELETE' }));
}

/** Four eyes: approving changes nothing the UI holds but the version list, read again in case it shows approvals. */
export function useApproveVersion(configId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      api<void>(`${configPath(configId)}/versions/${version}/approval`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: configKeys.versions(configId) }),
  });
}

/**
 * What a version would change for a few agents of each cohort (nothing is served by asking); `null` asks nothing.
 * A POST that only reads, so it is a query: asking again for the same version and cohorts reads the cached answer.
 */
export function useVersionReview(configId: string, request: VersionReviewRequest | null) {
  return useQuery({
    queryKey: rolloutKeys.review(configId, request),
    queryFn: () => api<VersionReview>(`${configPath(configId)}/review`, { method: 'POST', body: request }),
    enabled: request !== null,
    staleTime: 0,
  });
}
