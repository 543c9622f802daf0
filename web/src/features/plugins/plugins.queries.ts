import { MAX_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import type { Plugin, PluginList } from '@telegraf-controller/contract/plugins';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export const pluginKeys = {
  all: ['plugins'] as const,
  catalogue: ['plugins', 'catalogue'] as const,
};

/** Every page of `GET /api/plugins`: the editor completes and describes plugins from the whole catalogue. */
async function readCatalogue(): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page: PluginList = await api<PluginList>(`/api/plugins?limit=${MAX_PAGE_ITEMS}${after}`);
    plugins.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return plugins;
}

/** The plugin catalogue; it changes only with the server's release, so it is read once per session. */
export function usePluginCatalogue(enabled = true) {
  return useQuery({ queryKey: pluginKeys.catalogue, queryFn: readCatalogue, enabled, staleTime: Infinity });
}
