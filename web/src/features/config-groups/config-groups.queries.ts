import type {
  ConfigGroup,
  ConfigGroupCreate,
  ConfigGroupList,
  ConfigGroupPreview,
  ConfigGroupUpdate,
} from '@telegraf-controller/contract/configs';
import { useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';
import {
  configListQuery,
  configQuery,
  sourceItemPath,
  startCommandsKey,
  type ConfigFilters,
  type ConfigSource,
} from '../configs/configs.queries';
import type { LabelledResource } from '../labels/labels.queries';

export const configGroupKeys = {
  all: ['config-groups'] as const,
  lists: ['config-groups', 'list'] as const,
  list: (filters: ConfigFilters) => ['config-groups', 'list', filters] as const,
  detail: (idOrAlias: string) => ['config-groups', 'detail', idOrAlias] as const,
  preview: (id: string) => ['config-groups', 'detail', id, 'preview'] as const,
};

/** How the start-command and alias pieces reach config groups. */
export const CONFIG_GROUP_SOURCE: ConfigSource = {
  basePath: '/api/config-groups',
  queryKey: configGroupKeys.all,
  noun: 'config group',
  writePermission: 'config-groups:write',
};

/** How the shared label pieces reach config groups. */
export const CONFIG_GROUP_LABELS: LabelledResource = {
  basePath: '/api/config-groups',
  assignMethod: 'POST',
  queryKey: configGroupKeys.all,
  noun: { one: 'config group', many: 'config groups' },
};

const configGroupPath = (idOrAlias: string) => sourceItemPath(CONFIG_GROUP_SOURCE, idOrAlias);

export function useConfigGroups(filters: ConfigFilters, enabled = true) {
  return usePagedList<ConfigGroupList>(
    configGroupKeys.list(filters),
    '/api/config-groups',
    configListQuery(filters),
    enabled,
  );
}

/** Not read again on window focus: the page's drafts start over whenever the group changes. */
export function useConfigGroup(idOrAlias: string, enabled = true) {
  return useQuery({
    queryKey: configGroupKeys.detail(idOrAlias),
    queryFn: () => api<ConfigGroup>(configGroupPath(idOrAlias)),
    refetchOnWindowFocus: false,
    enabled,
  });
}

/**
 * The member configurations, one request each, shared with the configuration pages' cache. A member deleted
 * meanwhile answers 404, which the member card shows.
 */
export function useMemberConfigs(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({ ...configQuery(id), retry: false })),
  });
}

export function useConfigGroupPreview(id: string) {
  return useQuery({
    queryKey: configGroupKeys.preview(id),
    queryFn: () => api<ConfigGroupPreview>(`${configGroupPath(id)}/preview`),
  });
}

function refreshLists(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: configGroupKeys.lists });
}

/** What the group serves changed: its preview and its commands are read again, and the lists. */
function refreshRendering(queryClient: QueryClient, id: string) {
  return Promise.all([
    refreshLists(queryClient),
    queryClient.invalidateQueries({ queryKey: configGroupKeys.preview(id) }),
    queryClient.invalidateQueries({ queryKey: startCommandsKey(CONFIG_GROUP_SOURCE, id) }),
  ]);
}

export function useCreateConfigGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfigGroupCreate) => api<ConfigGroup>('/api/config-groups', { method: 'POST', body }),
    onSuccess: (group) => {
      queryClient.setQueryData(configGroupKeys.detail(group.id), group);
      return refreshLists(queryClient);
    },
  });
}

export function useUpdateConfigGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfigGroupUpdate) => api<ConfigGroup>(configGroupPath(id), { method: 'PATCH', body }),
    onSuccess: (group) => {
      queryClient.setQueryData(configGroupKeys.detail(group.id), group);
      return refreshRendering(queryClient, group.id);
    },
  });
}

export function useDeleteConfigGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(configGroupPath(id), { method: 'DELETE' }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: configGroupKeys.detail(id) });
      return refreshLists(queryClient);
    },
  });
}
