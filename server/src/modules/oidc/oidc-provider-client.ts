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
   * Exchanges the code of `callbackUrl` (with the PKCE verifier) and returns the verified ID token's claims; throws
   * when the state, nonce, signature (JWKS, rotated keys refetched), `iss`, `aud`, `exp` or `iat` do not check out.
   */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<Record<string, unknown>>;
  /** Test connection: reads the discovery document and the signing keys afresh; how many keys there are. */
  check(): Promise<number>;
}

/**
 * The OpenID Connect relying party through `openid-client` (certified): authorization code flow with PKCE S256,
 * `state` and `nonce` always. Discovery is read at the first sign-in and again after a failure.
 */
export function createOidcProviderClient(settings: OidcSettings, logger: Logger): OidcProviderClient {
  let configuration: Promise<client.Configuration> | undefined;
  const configured = () => {
    configuration ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        timeout: 10,
        ...(settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        configuration = undefined;
        logger.warn({ err: error, issuer: settings.issuer }, 'the OIDC provider’s discovery could not be read');
        throw new ProviderUnavailableError(error instanceof Error ? error.message : 'discovery failed');
      });
    return configuration;
  };
  return {
    async start() {
      const config = await configured();
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
      configuration = undefined;
      const config = await configured();
      const jwksUri = config.serverMetadata().jwks_uri;
      if (jwksUri === undefined) throw new ProviderUnavailableError('the discovery document names no jwks_uri');
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
      const config = await configured();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      return { ...tokens.claims() };
    },
  };
}
