import type { Settings, SettingsUpdate } from '@telegraf-controller/contract/settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const settingsKeys = {
  settings: ['settings'] as const,
};

export function useSettings(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.settings,
    queryFn: () => api<Settings>('/api/settings'),
    enabled,
  });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SettingsUpdate) => api<Settings>('/api/settings', { method: 'PATCH', body }),
    onSuccess: (settings) => queryClient.setQueryData(settingsKeys.settings, settings),
  });
}
