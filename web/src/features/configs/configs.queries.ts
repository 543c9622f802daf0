import type {
  Config,
  ConfigCreate,
  ConfigList,
  ConfigTemplate,
  ConfigUpdate,
  ConfigVersion,
  ConfigVersionDetail,
  ConfigVersionList,
  StartCommand,
} from '@telegraf-controller/contract/configs';
import type { Permission } from '@telegraf-controller/contract/permissions';
import type { ValidationResult } from '@telegraf-controller/contract/toml';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList, type ListQuery } from '../../ui/use-paged-list';
import type { LabelledResource } from '../labels/labels.queries';

type ConfigSort = 'name' | 'updatedAt' | 'createdAt';
/** `labels`: ids an item must all carry. */
export type ConfigFilters = { search: string; sortBy: ConfigSort; sortOrder: 'asc' | 'desc'; labels?: string[] };
/** The start-command query: OS, watch interval ('0' = off) and one value per parameter. */
export type CommandQuery = { os: 'linux' | 'windows'; watchInterval: string; parameters: Record<string, string> };
/** What the "Use this …" dialog asks first; queries that share it share the dialog's answer. */
export const DEFAULT_COMMAND_QUERY: CommandQuery = { os: 'linux', watchInterval: '1m', parameters: {} };
export type VersionPrune = { versions: number[] } | { before: number } | { beforeDate: string };

export const configKeys = {
  all: ['configs'] as const,
  lists: ['configs', 'list'] as const,
  list: (filters: ConfigFilters) => ['configs', 'list', filters] as const,
  detail: (id: string) => ['configs', 'detail', id] as const,
  versions: (id: string) => ['configs', 'detail', id, 'versions'] as const,
  version: (id: string, version: number) => ['configs', 'detail', id, 'versions', version] as const,
  validation: (toml: string, configId: string | null) => ['configs', 'validation', toml, configId] as const,
  template: ['configs', 'template'] as const,
};

/**
 * What agents load, a configuration or a config group, as the start-command and alias pieces reach it: where its
 * API lives, the root of its query keys (one item's keys start `[...queryKey, 'detail', id]`), what people call
 * it and the permission that changes it.
 */
export type ConfigSource = {
  basePath: '/api/configs' | '/api/config-groups';
  queryKey: QueryKey;
  /** "configuration" or "config group", for messages. */
  noun: string;
  writePermission: Extract<Permission, 'configs:write' | 'config-groups:write'>;
};

export const CONFIG_SOURCE: ConfigSource = {
  basePath: '/api/configs',
  queryKey: configKeys.all,
  noun: 'configuration',
  writePermission: 'configs:write',
};

/** The key of one configuration or group; its aliases and commands are cached below it. */
export const sourceItemKey = (source: ConfigSource, id: string) => [...source.queryKey, 'detail', id] as const;
/** Every start command cached for one item, whatever the query. */
export const startCommandsKey = (source: ConfigSource, id: string) =>
  [...sourceItemKey(source, id), 'command'] as const;
export const sourceItemPath = (source: ConfigSource, id: string) => `${source.basePath}/${encodeURIComponent(id)}`;

/** How the shared label pieces reach configurations. */
export const CONFIG_LABELS: LabelledResource = {
  basePath: '/api/configs',
  assignMethod: 'POST',
  queryKey: configKeys.all,
  noun: { one: 'configuration', many: 'configurations' },
};

/** The list query the configuration and config group lists share. */
export function configListQuery(filters: ConfigFilters): ListQuery {
  const { search, sortBy, sortOrder, labels } = filters;
  return { search, sortBy, sortOrder, label: labels };
}

const configPath = (id: string) => sourceItemPath(CONFIG_SOURCE, id);

export function useConfigs(filters: ConfigFilters, enabled = true) {
  return usePagedList<ConfigList>(configKeys.list(filters), '/api/configs', configListQuery(filters), enabled);
}

/**
 * The detail page starts its form over whenever the configuration changes, so it is not read again behind the
 * user's back on window focus: unsaved edits would be replaced by someone else's save.
 */
export function useConfig(id: string, enabled = true) {
  return useQuery({ ...configQuery(id), enabled });
}

/** One configuration, as its page and a group's member list share it in the cache. */
export function configQuery(id: string) {
  return {
    queryKey: configKeys.detail(id),
    queryFn: () => api<Config>(configPath(id)),
    refetchOnWindowFocus: false,
  };
}

/** What a new configuration starts from: the heartbeat output, pointed at this controller's public URL. */
export function useConfigTemplate(enabled = true) {
  return useQuery({
    queryKey: configKeys.template,
    queryFn: () => api<ConfigTemplate>('/api/config-template'),
    // Read afresh on every visit (the public URL is a setting), never behind the editor's back while it is open.
    staleTime: Infinity,
    gcTime: 0,
    enabled,
  });
}

/**
 * What the server finds in a text, with the text itself: findings only make sense against what was checked. With
 * `configId`, the configuration being edited, the warnings also say where the agents that load it could not run the
 * text; those change as agents upgrade, so that verdict is read again once a minute old, while a text's own never is.
 */
export function useTomlValidation(toml: string, configId: string | null, enabled = true) {
  return useQuery({
    queryKey: configKeys.validation(toml, configId),
    queryFn: async () => ({
      toml,
      ...(await api<ValidationResult>('/api/configs/validate', {
        method: 'POST',
        body: configId === null ? { toml } : { toml, configId },
      })),
    }),
    placeholderData: keepPreviousData,
    staleTime: configId === null ? Infinity : 60_000,
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

/** A configuration's versions, newest first, a page at a time. */
export function useConfigVersions(id: string, enabled = true) {
  return usePagedList<ConfigVersionList>(configKeys.versions(id), `${configPath(id)}/versions`, {}, enabled);
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

export function useStartCommand(source: ConfigSource, id: string, query: CommandQuery, enabled = true) {
  return useQuery({
    queryKey: [...startCommandsKey(source, id), query],
    queryFn: () => {
      const params = new URLSearchParams({ os: query.os, watchInterval: query.watchInterval });
      for (const [name, value] of Object.entries(query.parameters)) if (value) params.set(name, value);
      return api<StartCommand>(`${sourceItemPath(source, id)}/command?${params}`);
    },
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The address agents reach this controller at (the public API URL, or the one the server works out), read from
 * the URL of the item's start command: links shown on the page then match the command.
 */
export function useAgentBaseUrl(source: ConfigSource, id: string) {
  const url = useStartCommand(source, id, DEFAULT_COMMAND_QUERY).data?.url;
  const at = url?.indexOf(`${source.basePath}/`) ?? -1;
  return url && at > 0 ? url.slice(0, at) : window.location.origin;
}
