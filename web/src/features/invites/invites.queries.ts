import type {
  InviteCreate,
  InviteList,
  InvitePreview,
  IssuedLink,
  Me,
  NewPassword,
} from '@telegraf-controller/contract/users';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { usePagedList } from '../../ui/use-paged-list';
import { startSession } from '../auth/auth.queries';

export const inviteKeys = {
  all: ['invites'] as const,
  list: ['invites', 'list'] as const,
  preview: (code: string) => ['invites', 'preview', code] as const,
};

/** Invites not yet accepted, newest first, a page at a time. */
export function useInvites(enabled = true) {
  return usePagedList<InviteList>(inviteKeys.list, '/api/invites', {}, enabled);
}

export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteCreate) => api<IssuedLink>('/api/invites', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteKeys.list }),
  });
}

export function useDeleteInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/invites/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteKeys.list }),
  });
}

const acceptPath = (code: string) => `/api/invites/accept/${encodeURIComponent(code)}`;

/** Public: what the invite link offers. 404 when the code is unknown, expired or used. */
export function useInvitePreview(code: string) {
  return useQuery({
    queryKey: inviteKeys.preview(code),
    queryFn: () => api<InvitePreview>(acceptPath(code)),
    staleTime: Infinity,
  });
}

/** Creates the account and signs it in. */
export function useAcceptInvite(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPassword) => api<Me>(acceptPath(code), { method: 'POST', body }),
    onSuccess: (me) => startSession(queryClient, me),
  });
}
