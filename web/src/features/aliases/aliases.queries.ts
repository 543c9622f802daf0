import type { Alias, AliasList, AliasTransfer } from '@telegraf-controller/contract/configs';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';
import { CONFIG_SOURCE, sourceItemKey, sourceItemPath, type ConfigSource } from '../configs/configs.queries';

export const aliasKeys = {
  list: (source: ConfigSource, id: string) => [...sourceItemKey(source, id), 'aliases'] as const,
};

const aliasesPath = (source: ConfigSource, id: string) => `${sourceItemPath(source, id)}/aliases`;

/** The aliases of one configuration or config group, by name, a page at a time. */
export function useAliases(source: ConfigSource, id: string) {
  return usePagedList<AliasList>(aliasKeys.list(source, id), aliasesPath(source, id));
}

/** Aliases show on their item's page and in its list, so everything cached of that kind is read again. */
function refresh(queryClient: QueryClient, ...sources: ConfigSource[]) {
  return Promise.all(sources.map(({ queryKey }) => queryClient.invalidateQueries({ queryKey })));
}

export function useAddAlias(source: ConfigSource, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) => api<Alias>(aliasesPath(source, id), { method: 'POST', body: { alias } }),
    onSuccess: () => refresh(queryClient, source),
  });
}

export function useRemoveAlias(source: ConfigSource, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (alias: string) =>
      api<void>(`${aliasesPath(source, id)}/${encodeURIComponent(alias)}`, { method: 'DELETE' }),
    onSuccess: () => refresh(queryClient, source),
  });
}

/** Points an alias of `from` at a configuration: agents on its URL load that one at their next check. */
export function useMoveAliasToConfig(from: ConfigSource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ alias, configId }: { alias: string; configId: string }) => {
      const body: AliasTransfer = { targetType: 'config', targetId: configId };
      return api<Alias>(`/api/aliases/${encodeURIComponent(alias)}/transfer`, { method: 'POST', body });
    },
    onSuccess: () => refresh(queryClient, from, CONFIG_SOURCE),
  });
}
