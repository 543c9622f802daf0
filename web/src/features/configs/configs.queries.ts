import type {
  Config,
  ConfigCreate,
  ConfigList,
  ConfigUpdate,
  ConfigVersion,
  ConfigVersionDetail,
  ConfigVersionList,
  StartCommand,
} from '@telegraf-controller/contract/configs';
import type { ValidationResult } from '@telegraf-controller/contract/toml';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { api } from '../../api';

export type ConfigSort = 'name' | 'updatedAt' | 'createdAt';
export type ConfigFilters = { search: string; sortBy: ConfigSort; sortOrder: 'asc' | 'desc' };
/** The start-command query: OS, watch interval ('0' = off) and one value per parameter. */
export type CommandQuery = { os: 'linux' | 'windows'; watchInterval: string; parameters: Record<string, string> };
export type VersionPrune = { versions: number[] } | { before: number } | { beforeDate: string };

export const configKeys = {
  all: ['configs'] as const,
  lists: ['configs', 'list'] as const,
  list: (filters: ConfigFilters) => ['configs', 'list', filters] as const,
  detail: (id: string) => ['configs', 'detail', id] as const,
  versions: (id: string) => ['configs', 'detail', id, 'versions'] as const,
  version: (id: string, version: number) => ['configs', 'detail', id, 'versions', version] as const,
  command: (id: string, query: CommandQuery) => ['configs', 'detail', id, 'command', query] as const,
  validation: (toml: string) => ['configs', 'validation', toml] as const,
};

const PAGE_SIZE = 50;
const configPath = (id: string) => `/api/configs/${encodeURIComponent(id)}`;

/** One server page at a time; "Load more" follows `nextCursor`. */
export function useConfigs(filters: ConfigFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: configKeys.list(filters),
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({
        limit: String(PAGE_SIZE),
        sortBy: filters.sortBy,
        sortOrder: filters.sortOrder,
      });
      if (filters.search) params.set('search', filters.search);
      if (pageParam) params.set('cursor', pageParam);
      return api<ConfigList>(`/api/configs?${params}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The detail page starts its form over whenever the configuration changes, so it is not read again behind the
 * user's back on window focus: unsaved edits would be replaced by someone else's save.
 */
export function useConfig(id: string, enabled = true) {
  return useQuery({
    queryKey: configKeys.detail(id),
    queryFn: () => api<Config>(configPath(id)),
    refetchOnWindowFocus: false,
    enabled,
  });
}

/** What the server finds in a text, with the text itself: findings only make sense against what was checked. */
export function useTomlValidation(toml: string, enabled = true) {
  return useQuery({
    queryKey: configKeys.validation(toml),
    queryFn: async () => ({
      toml,
      ...(await api<ValidationResult>('/api/configs/validate', { method: 'POST', body: { toml } })),
    }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    enabled,
  });
}

function refreshLists(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: configKeys.lists });
}

/** A change that answers the configuration: it becomes the cached detail; versions and lists are read again. */
function useConfigChange<V>(request: (variables: V) => Promise<Config>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (config) => {
      queryClient.setQueryData(configKeys.detail(config.id), config);
      return Promise.all([
        refreshLists(queryClient),
        queryClient.invalidateQueries({ queryKey: configKeys.versions(config.id) }),
      ]);
    },
  });
}

export function useCreateConfig() {
  return useConfigChange((body: ConfigCreate) => api<Config>('/api/configs', { method: 'POST', body }));
}

export function useUpdateConfig(id: string) {
  return useConfigChange((body: ConfigUpdate) => api<Config>(configPath(id), { method: 'PATCH', body }));
}

export function useRollbackConfig(id: string) {
  return useConfigChange((version: number) =>
    api<Config>(`${configPath(id)}/versions/${version}/rollback`, { method: 'POST' }),
  );
}

export function useDeleteConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(configPath(id), { method: 'DELETE' }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: configKeys.detail(id) });
      return refreshLists(queryClient);
    },
  });
}

export function useBulkDeleteConfigs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      api<{ deleted: string[]; missing: string[] }>('/api/configs/bulk/delete', { method: 'POST', body: { ids } }),
    onSettled: () => refreshLists(queryClient),
  });
}

export function useConfigVersions(id: string, enabled = true) {
  return useQuery({
    queryKey: configKeys.versions(id),
    queryFn: () => api<ConfigVersionList>(`${configPath(id)}/versions`),
    enabled,
  });
}

export function useConfigVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: configKeys.version(id, version ?? 0),
    queryFn: () => api<ConfigVersionDetail>(`${configPath(id)}/versions/${version}`),
    enabled: version !== null,
  });
}

export function useUpdateVersionNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, note }: { version: number; note: string }) =>
      api<ConfigVersion>(`${configPath(id)}/versions/${version}`, { method: 'PATCH', body: { note } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: configKeys.versions(id) }),
  });
}

export function usePruneVersions(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (prune: VersionPrune) => {
      const params = new URLSearchParams(
        'versions' in prune
          ? { versions: prune.versions.join(',') }
          : 'before' in prune
            ? { before: String(prune.before) }
            : { beforeDate: prune.beforeDate },
      );
      return api<{ pruned: number[] }>(`${configPath(id)}/versions?${params}`, { method: 'DELETE' });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: configKeys.versions(id) }),
  });
}

export function useStartCommand(id: string, query: CommandQuery, enabled = true) {
  return useQuery({
    queryKey: configKeys.command(id, query),
    queryFn: () => {
      const params = new URLSearchParams({ os: query.os, watchInterval: query.watchInterval });
      for (const [name, value] of Object.entries(query.parameters)) if (value) params.set(name, value);
      return api<StartCommand>(`${configPath(id)}/command?${params}`);
    },
    placeholderData: keepPreviousData,
    enabled,
  });
}
