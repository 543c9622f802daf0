import type { AuthProvider } from '@telegraf-controller/contract/users';

/** How the UI names each way of signing in. */
export const PROVIDER_NAMES: Record<AuthProvider, string> = {
  local: 'Local password',
  ldap: 'Directory (LDAP)',
  oidc: 'Single sign-on (OIDC)',
};
