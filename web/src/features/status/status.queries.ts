import type { HeartbeatHealth, VersionInfo } from '@telegraf-controller/contract/health';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export const statusKeys = {
  version: ['status', 'version'] as const,
  heartbeatHealth: ['status', 'heartbeat-health'] as const,
};

/** The heartbeat service's health, polled every 30 s while the shell is open (for those who may read it). */
export function useHeartbeatHealth(enabled: boolean) {
  return useQuery({
    queryKey: statusKeys.heartbeatHealth,
    queryFn: () => api<HeartbeatHealth>('/api/heartbeat/health'),
    refetchInterval: 30_000,
    enabled,
  });
}

export function useVersion() {
  return useQuery({
    queryKey: statusKeys.version,
    queryFn: () => api<VersionInfo>('/api/version'),
    staleTime: Infinity,
  });
}
