import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { OidcSettings } from '../../options.js';

/** The provider could not be asked (discovery, JWKS or token endpoint down, slow or answering nonsense). */
export class ProviderUnavailableError extends Error {}

/** What one sign-in must carry from its start to its callback (kept in a signed cookie, see oidc-state.ts). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export interface OidcProviderClient {
  /** Where to send the browser, and what its callback must match. */
  start(): Promise<{ url: URL; pending: PendingSignIn }>;
  /**
   * Exchanges the code of `callbackUrl` (with the PKCE verifier) and returns the verified ID token's claims, and the
   * token itself (the hint of a later logout); throws when the state, nonce, signature (JWKS, rotated keys
   * refetched), `iss`, `aud`, `exp` or `iat` do not check out.
   */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<{ claims: JWTPayload; idToken: string }>;
  /** Where to send the browser to end its session at the provider too; undefined when the provider offers none. */
  endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<URL | undefined>;
  /** Test connection: reads the discovery document and the signing keys afresh; how many keys there are. */
  check(): Promise<number>;
}

/**
 * The OpenID Connect relying party through `openid-client` (certified): authorization code flow with PKCE S256,
 * `state` and `nonce` always. Discovery is read at the first sign-in and again after a failure.
 */
export function createOidcProviderClient(settings: OidcSettings, logger: Logger): OidcProviderClient {
  let provider: Promise<{ config: client.Configuration; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const configured = () => {
    provider ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        timeout: 10,
        ...(settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .then((config) => {
        const jwksUri = config.serverMetadata().jwks_uri;
        if (jwksUri === undefined) throw new Error('the discovery document names no jwks_uri');
        // The signing keys, read again when a token names a key not seen yet (a rotation), at most once per
        // cooldown so that forged key ids cannot make us hammer the provider.
        const keys = createRemoteJWKSet(new URL(jwksUri), {
          cooldownDuration: settings.jwksCooldownSeconds * 1000,
          timeoutDuration: 10_000,
        });
        return { config, keys };
      })
      .catch((error: unknown) => {
        provider = undefined;
        logger.warn({ err: error, issuer: settings.issuer }, 'the OIDC provider’s discovery could not be read');
        throw new ProviderUnavailableError(error instanceof Error ? error.message : 'discovery failed');
      });
    return provider;
  };
  return {
    async start() {
      const { config } = await configured();
      const pending = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },
    async check() {
      provider = undefined;
      const { config } = await configured();
      const jwksUri = config.serverMetadata().jwks_uri!;
      try {
        const answer = await fetch(jwksUri, { signal: AbortSignal.timeout(10_000) });
        if (!answer.ok) throw new Error(`the keys answered HTTP ${answer.status}`);
        const { keys } = (await answer.json()) as { keys?: unknown[] };
        return Array.isArray(keys) ? keys.length : 0;
      } catch (error) {
        throw new ProviderUnavailableError(error instanceof Error ? error.message : 'the keys could not be read');
      }
    },
    async finish(callbackUrl, pending) {
      const { config, keys } = await configured();
      // openid-client checks state, PKCE, nonce, iss, aud, exp and iat of the ID token the token endpoint answers;
      // its signature is checked below against the provider's published keys.
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.id_token!;
      try {
        const { payload } = await jwtVerify(idToken, keys, {
          issuer: config.serverMetadata().issuer,
          audience: settings.clientId,
          // As openid-client allows for the provider's clock.
          clockTolerance: 30,
        });
        return { claims: payload, idToken };
      } catch (error) {
        // The keys could not be read (down, slow, not 200, not a key set): not the person's fault.
        const unreadable =
          error instanceof joseErrors.JWKSTimeout ||
          error instanceof joseErrors.JWKSInvalid ||
          (error instanceof joseErrors.JOSEError && error.message.startsWith('Expected 200 OK'));
        if (unreadable) throw new ProviderUnavailableError('the provider’s signing keys could not be read');
        throw error;
      }
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      const { config } = await configured();
      if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
      return client.buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: postLogoutRedirectUri,
      });
    },
  };
}
