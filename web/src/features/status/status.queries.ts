import type { VersionInfo } from '@telegraf-controller/contract/health';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export const statusKeys = {
  version: ['status', 'version'] as const,
};

export function useVersion() {
  return useQuery({
    queryKey: statusKeys.version,
    queryFn: () => api<VersionInfo>('/api/version'),
    staleTime: Infinity,
  });
}
