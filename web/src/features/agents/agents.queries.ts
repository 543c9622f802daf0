import type {
  Agent,
  AgentList,
  AgentSort,
  AgentStatus,
  AgentsSummary,
  BulkAgentsResult,
  ConfigAgentVersions,
  HeartbeatLogs,
  LatestHeartbeat,
} from '@telegraf-controller/contract/agents';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { LabelledResource } from '../labels/labels.queries';
import { reportingRuleKeys } from '../reporting-rules/reporting-rules.queries';
import type { OfferedFlag } from './agent-flags';

/** What narrows the list and the summary alike. */
export type AgentFilters = {
  search: string;
  status: AgentStatus | null;
  /** A configuration id. */
  config: string | null;
  reportingRule: string | null;
  label: string | null;
  /** Only agents flagged Silent, Degrading, Outdated or Incompatible. */
  flag: OfferedFlag | null;
  /** A token id: only agents whose heartbeats came with it in the last 30 days. */
  token: string | null;
  /** An error pattern id: only agents that reported it. */
  errorPattern: string | null;
  /** Only agents flagged as a duplicate id; false lists them all. */
  duplicate: boolean;
};

export type AgentPageQuery = {
  filters: AgentFilters;
  sortBy: AgentSort;
  sortOrder: 'asc' | 'desc';
  limit: number;
  cursor: string | null;
};

export const agentKeys = {
  all: ['agents'] as const,
  list: (query: AgentPageQuery) => ['agents', 'list', query] as const,
  summary: (filters: AgentFilters) => ['agents', 'summary', filters] as const,
  detail: (id: string) => ['agents', 'detail', id] as const,
  heartbeat: (id: string) => ['agents', 'detail', id, 'heartbeat'] as const,
  statistics: (id: string) => ['agents', 'detail', id, 'statistics'] as const,
  versionsOf: (configId: string) => ['agents', 'versions-of', configId] as const,
};

/** How the shared label pieces reach agents. */
export const AGENT_LABELS: LabelledResource = {
  basePath: '/api/agents',
  assignMethod: 'PUT',
  queryKey: agentKeys.all,
  noun: { one: 'agent', many: 'agents' },
};

/** How many of the most recent heartbeats the counters chart. */
export const CHARTED_HEARTBEATS = 24;

const agentPath = (id: string) => `/api/agents/${encodeURIComponent(id)}`;

export function filterParams(filters: AgentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.status) params.set('status', filters.status);
  if (filters.config) params.set('config', filters.config);
  if (filters.reportingRule) params.set('reportingRule', filters.reportingRule);
  if (filters.label) params.set('label', filters.label);
  if (filters.flag) params.set('flag', filters.flag);
  if (filters.token) params.set('token', filters.token);
  if (filters.errorPattern) params.set('errorPattern', filters.errorPattern);
  if (filters.duplicate) params.set('duplicate', 'true');
  return params;
}

/** `refetchInterval`: milliseconds between automatic reads, or false for none. */
type Polling = { refetchInterval: number | false };

/** One server page; the previous one stays on screen while the next loads. */
export function useAgents(query: AgentPageQuery, { refetchInterval }: Polling, enabled = true) {
  return useQuery({
    queryKey: agentKeys.list(query),
    queryFn: () => {
      const params = filterParams(query.filters);
      params.set('sortBy', query.sortBy);
      params.set('sortOrder', query.sortOrder);
      params.set('limit', String(query.limit));
      if (query.cursor) params.set('cursor', query.cursor);
      return api<AgentList>(`/api/agents?${params}`);
    },
    placeholderData: keepPreviousData,
    refetchInterval,
    enabled,
  });
}

/** Which configuration or group (by id) the agents load. */
export type AgentsLoading = { config: string } | { group: string };

/** The agents that load one configuration or group, a page at a time, by name. */
export function useAgentsLoading(target: AgentsLoading, cursor: string | null, limit: number, enabled = true) {
  return useQuery({
    queryKey: ['agents', 'loading', target, cursor, limit] as const,
    queryFn: () => {
      const params = new URLSearchParams(target);
      params.set('sortBy', 'hostname');
      params.set('sortOrder', 'asc');
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      return api<AgentList>(`/api/agents?${params}`);
    },
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useAgentsSummary(filters: AgentFilters, { refetchInterval }: Polling, enabled = true) {
  return useQuery({
    queryKey: agentKeys.summary(filters),
    queryFn: () => api<AgentsSummary>(`/api/agents/summary?${filterParams(filters)}`),
    placeholderData: keepPreviousData,
    refetchInterval,
    enabled,
  });
}

/** Which version of one configuration its agents run, how that is known, and how many are Outdated. */
export function useConfigAgentVersions(configId: string, enabled = true) {
  return useQuery({
    queryKey: agentKeys.versionsOf(configId),
    queryFn: () => api<ConfigAgentVersions>(`/api/configs/${encodeURIComponent(configId)}/agent-versions`),
    enabled,
  });
}

export function useAgent(id: string, enabled = true) {
  return useQuery({ queryKey: agentKeys.detail(id), queryFn: () => api<Agent>(agentPath(id)), enabled });
}

export function useLatestHeartbeat(id: string, enabled = true) {
  return useQuery({
    queryKey: agentKeys.heartbeat(id),
    queryFn: () => api<LatestHeartbeat>(`/api/heartbeat/agent/${encodeURIComponent(id)}/latest-heartbeat`),
    enabled,
  });
}

/** The statistics of the most recent heartbeats of the last 24 hours, oldest first. */
export function useHeartbeatStatistics(id: string, enabled = true) {
  return useQuery({
    queryKey: agentKeys.statistics(id),
    queryFn: () =>
      api<HeartbeatLogs>(`/api/heartbeat/agent/${encodeURIComponent(id)}/logs?limit=${CHARTED_HEARTBEATS}`),
    enabled,
  });
}

/** The rule an agent follows, read by id: the rules list may hold more than one page. */
export function useReportingRule(id: string, enabled = true) {
  return useQuery({
    queryKey: [...reportingRuleKeys.all, 'detail', id],
    queryFn: () => api<ReportingRule>(`/api/reporting-rules/${encodeURIComponent(id)}`),
    enabled,
  });
}

function refreshAgents(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: agentKeys.all });
}

export function useDeleteAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(agentPath(id), { method: 'DELETE' }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: agentKeys.detail(id) });
      return refreshAgents(queryClient);
    },
  });
}

/** Answers in the shape every bulk delete dialog reads. */
export function useBulkDeleteAgents() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const { changed, missing } = await api<BulkAgentsResult>('/api/agents/bulk/delete', {
        method: 'POST',
        body: { ids },
      });
      return { deleted: changed, missing };
    },
    onSettled: () => refreshAgents(queryClient),
  });
}

/** Rules move agents between rule counts too, so the rules are read again with the agents. */
function refreshAfterRuleChange(queryClient: QueryClient) {
  return Promise.all([refreshAgents(queryClient), queryClient.invalidateQueries({ queryKey: reportingRuleKeys.all })]);
}

export function useAssignRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { ids: string[]; reportingRuleId: string }) =>
      api<BulkAgentsResult>('/api/agents/bulk/reporting-rule', { method: 'PUT', body }),
    onSettled: () => refreshAfterRuleChange(queryClient),
  });
}

export function useChangeAgentRule(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reportingRuleId: string) => api<Agent>(agentPath(id), { method: 'PATCH', body: { reportingRuleId } }),
    onSuccess: (agent) => {
      queryClient.setQueryData(agentKeys.detail(id), agent);
      return refreshAfterRuleChange(queryClient);
    },
  });
}
