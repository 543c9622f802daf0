import type { AuthProvider } from '@telegraf-controller/contract/users';
import type { Options } from '../../options.js';

/** The ways to sign in that start-up enabled (`AUTH_LOCAL_ENABLED`, `AUTH_LDAP_ENABLED`, `AUTH_OIDC_ENABLED`), in the sign-in page's order. */
export function enabledProviders(options: Pick<Options, 'authLocalEnabled' | 'ldap' | 'oidc'>): AuthProvider[] {
  return [
    ...(options.authLocalEnabled ? (['local'] as const) : []),
    ...(options.ldap ? (['ldap'] as const) : []),
    ...(options.oidc ? (['oidc'] as const) : []),
  ];
}
