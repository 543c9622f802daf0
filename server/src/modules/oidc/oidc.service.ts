import type { Kysely } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { OidcSettings } from '../../options.js';
import { providerOverrides, type ProvisioningService } from '../provisioning/provisioning.service.js';
import { ProviderUnavailableError, type OidcProviderClient } from './oidc-provider-client.js';
import { openState, sealState } from './oidc-state.js';

export interface OidcSignIn {
  /** The provider's authorization URL and the sealed state to keep in the browser until the callback. */
  start(): Promise<{ url: string; state: string }>;
  /** The user the callback signs in as, with the ID token for a later logout; an `AppError` saying why not. */
  finish(query: string, sealedState: string | undefined): Promise<{ user: UsersTable; idToken: string }>;
  /**
   * Where to send the browser after signing out of a single sign-on session, to end the provider's session too;
   * undefined when OIDC is off, the provider offers no logout or cannot be asked (the session here ended anyway).
   */
  endSessionUrl(idToken: string): Promise<string | undefined>;
  /** Where the browser goes after signing in. */
  landing: string;
}

/** Where every redirect URI ends (the options check it). */
const CALLBACK_PATH = '/api/auth/oidc/callback';

const disabled = () => new AppError('provider_disabled', 'Single sign-on (OIDC) is not enabled (AUTH_OIDC_ENABLED)');

/** The groups a claim lists: an array of strings, or one string; undefined when the claim is missing or unusable. */
function groupsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((group) => typeof group === 'string')) return value as string[];
  return undefined;
}

export function createOidcSignIn(
  db: Kysely<Database>,
  provider: { settings: OidcSettings; client: OidcProviderClient } | undefined,
  provisioning: ProvisioningService,
  secret: string,
): OidcSignIn {
  const unavailable = () =>
    new AppError('provider_unavailable', 'The identity provider cannot be reached right now; try again later');
  return {
    landing: provider?.settings.postLoginRedirect ?? '/',
    async start() {
      if (provider === undefined) throw disabled();
      try {
        const { url, pending } = await provider.client.start();
        return { url: url.href, state: sealState(secret, pending) };
      } catch (error) {
        if (error instanceof ProviderUnavailableError) throw unavailable();
        throw error;
      }
    },
    async finish(query, sealedState) {
      if (provider === undefined) throw disabled();
      const pending = openState(secret, sealedState);
      if (pending === undefined) {
        throw new AppError('sign_in_refused', 'This sign-in was not started here, or took too long: start it again');
      }
      // The URL the provider redirected to, whatever host or proxy the request came through.
      const callback = new URL(provider.settings.redirectUri);
      callback.search = query;
      let claims: Record<string, unknown>;
      let idToken: string;
      try {
        ({ claims, idToken } = await provider.client.finish(callback, pending));
      } catch (error) {
        // The provider not answering (fetch failed, timed out) is not the person's fault; a bad answer refuses.
        const name = error instanceof Error ? error.name : '';
        if (error instanceof ProviderUnavailableError || ['TypeError', 'TimeoutError', 'AbortError'].includes(name)) {
          throw unavailable();
        }
        throw new AppError('sign_in_refused', 'The identity provider’s answer did not check out: start again');
      }
      const groupsClaim = (await providerOverrides(db, 'oidc')).groupsClaim ?? provider.settings.groupsClaim;
      const username = claims[provider.settings.usernameClaim];
      const user = await provisioning.signIn('oidc', {
        externalId: String(claims.sub),
        username: typeof username === 'string' ? username : '',
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
        displayName: typeof claims.name === 'string' ? claims.name : undefined,
        groups: groupsClaim in claims ? groupsOf(claims[groupsClaim]) : undefined,
      });
      return { user, idToken };
    },
    async endSessionUrl(idToken) {
      if (provider === undefined) return undefined;
      // The sign-in page, under the public address the provider already sends people back to (register it there).
      const afterLogout = new URL(provider.settings.redirectUri);
      afterLogout.pathname = `${afterLogout.pathname.slice(0, -CALLBACK_PATH.length)}/login`;
      afterLogout.search = '';
      try {
        return (await provider.client.endSessionUrl(idToken, afterLogout.href))?.href;
      } catch {
        return undefined;
      }
    },
  };
}
