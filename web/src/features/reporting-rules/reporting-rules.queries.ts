import type {
  ReportingRule,
  ReportingRuleCreate,
  ReportingRuleList,
  ReportingRuleUpdate,
} from '@telegraf-controller/contract/reporting-rules';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';

export const reportingRuleKeys = {
  all: ['reporting-rules'] as const,
  list: ['reporting-rules', 'list'] as const,
};

/** Agents show the rule they follow; deleting a rule moves them, so their cached views are read again too. */
const AGENTS_KEY = ['agents'] as const;

const rulePath = (id: string) => `/api/reporting-rules/${encodeURIComponent(id)}`;

/** The default rule first. */
export function useReportingRules(enabled = true) {
  return usePagedList<ReportingRuleList>(reportingRuleKeys.list, '/api/reporting-rules', {}, enabled);
}

function refresh(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: reportingRuleKeys.all }),
    queryClient.invalidateQueries({ queryKey: AGENTS_KEY }),
  ]);
}

export function useCreateReportingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportingRuleCreate) => api<ReportingRule>('/api/reporting-rules', { method: 'POST', body }),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateReportingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ReportingRuleUpdate & { id: string }) =>
      api<ReportingRule>(rulePath(id), { method: 'PATCH', body }),
    onSuccess: () => refresh(queryClient),
  });
}

export function useMakeDefaultReportingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ReportingRule>(`${rulePath(id)}/default`, { method: 'POST' }),
    onSettled: () => refresh(queryClient),
  });
}

export function useDeleteReportingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(rulePath(id), { method: 'DELETE' }),
    onSettled: () => refresh(queryClient),
  });
}
