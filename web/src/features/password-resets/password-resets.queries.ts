import type { NewPassword, PasswordResetPreview } from '@telegraf-controller/contract/users';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export const passwordResetKeys = {
  preview: (code: string) => ['password-resets', 'preview', code] as const,
};

const completePath = (code: string) => `/api/password-resets/complete/${encodeURIComponent(code)}`;

/** Public: whose password the link resets. 404 when the code is unknown, expired or used. */
export function usePasswordResetPreview(code: string) {
  return useQuery({
    queryKey: passwordResetKeys.preview(code),
    queryFn: () => api<PasswordResetPreview>(completePath(code)),
    staleTime: Infinity,
  });
}

/** Sets the password; does not sign in. */
export function useCompletePasswordReset(code: string) {
  return useMutation({
    mutationFn: (body: NewPassword) => api<void>(completePath(code), { method: 'POST', body }),
  });
}
