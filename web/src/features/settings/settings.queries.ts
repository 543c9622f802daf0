import type {
  AuthSettings,
  AuthSettingsUpdate,
  LdapTest,
  LdapTestResult,
  OidcTestResult,
} from '@telegraf-controller/contract/auth-settings';
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

export const authSettingsKeys = {
  settings: ['auth-settings'] as const,
};

export function useAuthSettings(enabled = true) {
  return useQuery({
    queryKey: authSettingsKeys.settings,
    queryFn: () => api<AuthSettings>('/api/auth/settings'),
    enabled,
  });
}

export function useUpdateAuthSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AuthSettingsUpdate) => api<AuthSettings>('/api/auth/settings', { method: 'PATCH', body }),
    onSuccess: (settings) => queryClient.setQueryData(authSettingsKeys.settings, settings),
  });
}

export function useTestLdap() {
  return useMutation({
    mutationFn: (body: LdapTest) => api<LdapTestResult>('/api/auth/settings/ldap/test', { method: 'POST', body }),
  });
}

export function useTestOidc() {
  return useMutation({
    mutationFn: () => api<OidcTestResult>('/api/auth/settings/oidc/test', { method: 'POST' }),
  });
}
