import type {
  BulkDeleteResult,
  BulkLabelsResult,
  Label,
  LabelCreate,
  LabelList,
  LabelUpdate,
} from '@telegraf-controller/contract/labels';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';

/**
 * Something that carries labels (configurations, config groups, agents): where its API lives, how one label is
 * attached (POST for configurations and groups, PUT for agents) and the root of its query keys, read again after
 * its labels change.
 */
export type LabelledResource = {
  basePath: '/api/configs' | '/api/config-groups' | '/api/agents';
  assignMethod: 'POST' | 'PUT';
  queryKey: QueryKey;
  /** "configuration" / "configurations", for messages. */
  noun: { one: string; many: string };
};

export const labelKeys = {
  all: ['labels'] as const,
  lists: ['labels', 'list'] as const,
  list: (search: string) => ['labels', 'list', search] as const,
  options: (search: string) => ['labels', 'options', search] as const,
};

const OPTIONS_SIZE = 50;
const labelPath = (id: string) => `/api/labels/${encodeURIComponent(id)}`;

/** Sorted by name. */
export function useLabels(search: string, enabled = true) {
  return usePagedList<LabelList>(labelKeys.list(search), '/api/labels', { search }, enabled);
}

/** The first labels matching a search, for pickers: people narrow a long list by typing. */
export function useLabelOptions(search: string, enabled = true) {
  return useQuery({
    queryKey: labelKeys.options(search),
    queryFn: () => {
      const params = new URLSearchParams({ limit: String(OPTIONS_SIZE) });
      if (search) params.set('search', search);
      return api<LabelList>(`/api/labels?${params}`);
    },
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * A label's name and colour show on every item that carries it, whatever its feature, so a change to a label reads
 * every cached view again (only the ones on screen are fetched at once).
 */
function refreshEverything(queryClient: QueryClient) {
  return queryClient.invalidateQueries();
}

export function useCreateLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LabelCreate) => api<Label>('/api/labels', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labelKeys.all }),
  });
}

export function useUpdateLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: LabelUpdate & { id: string }) => api<Label>(labelPath(id), { method: 'PATCH', body }),
    onSuccess: () => refreshEverything(queryClient),
  });
}

export function useDeleteLabel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(labelPath(id), { method: 'DELETE' }),
    onSuccess: () => refreshEverything(queryClient),
  });
}

export function useBulkDeleteLabels() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api<BulkDeleteResult>('/api/labels', { method: 'DELETE', body: { ids } }),
    onSettled: () => refreshEverything(queryClient),
  });
}

/** The item's views and the labels' usage counts are read again after its labels change. */
function refreshLabelled(queryClient: QueryClient, resource: LabelledResource) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: resource.queryKey }),
    queryClient.invalidateQueries({ queryKey: labelKeys.all }),
  ]);
}

const itemLabelPath = (resource: LabelledResource, id: string, labelId: string) =>
  `${resource.basePath}/${encodeURIComponent(id)}/labels/${encodeURIComponent(labelId)}`;

/** Attaches labels to one item, one request per label; attaching one it carries already changes nothing. */
export function useAssignLabels(resource: LabelledResource, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (labelIds: string[]) =>
      Promise.all(
        labelIds.map((labelId) => api<void>(itemLabelPath(resource, id, labelId), { method: resource.assignMethod })),
      ),
    onSettled: () => refreshLabelled(queryClient, resource),
  });
}

export function useUnassignLabel(resource: LabelledResource, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (labelId: string) => api<void>(itemLabelPath(resource, id, labelId), { method: 'DELETE' }),
    onSettled: () => refreshLabelled(queryClient, resource),
  });
}

export type BulkLabelChange = { mode: 'assign' | 'remove'; ids: string[]; labelIds: string[] };

export function useBulkLabels(resource: LabelledResource) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mode, ids, labelIds }: BulkLabelChange) =>
      api<BulkLabelsResult>(`${resource.basePath}/bulk/labels/${mode}`, { method: 'PUT', body: { ids, labelIds } }),
    onSettled: () => refreshLabelled(queryClient, resource),
  });
}
