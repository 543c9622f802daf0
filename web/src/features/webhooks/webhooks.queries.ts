import type {
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookList,
  WebhookUpdate,
} from '@telegraf-controller/contract/webhooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

const webhookPath = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

export function useWebhooks(enabled = true) {
  return useQuery({
    queryKey: webhookKeys.all,
    queryFn: () => api<WebhookList>('/api/webhooks'),
    enabled,
  });
}

/** The latest deliveries of one subscription, newest first; `null` reads nothing. */
export function useWebhookDeliveries(id: string | null) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id ?? ''),
    queryFn: () => api<WebhookDeliveryList>(`${webhookPath(id ?? '')}/deliveries`),
    enabled: id !== null,
  });
}

/** Any change of a subscription: the list is read again. */
function useWebhookChange<V, T>(request: (variables: V) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all, exact: true }),
  });
}

export function useCreateWebhook() {
  return useWebhookChange((body: WebhookCreate) => api<WebhookCreated>('/api/webhooks', { method: 'POST', body }));
}

export function useUpdateWebhook() {
  return useWebhookChange(({ id, ...body }: WebhookUpdate & { id: string }) =>
    api<Webhook>(webhookPath(id), { method: 'PATCH', body }),
  );
}

export function useDeleteWebhook() {
  return useWebhookChange((id: string) => api<void>(webhookPath(id), { method: 'DELETE' }));
}

/** Sends a test event now; its delivery joins the log, which is read again. */
export function useTestWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<WebhookDelivery>(`${webhookPath(id)}/test`, { method: 'POST' }),
    onSuccess: (_, id) => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}
