import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from '../free-port.js';
import { releaseAfterTest } from '../harness.js';

export const CLIENT = { id: 'telegraf-controller', secret: 'controller-client-secret' };

/** What the provider says of one person (the `sub` is the name typed on its sign-in page). */
export interface Account {
  preferred_username?: string;
  name?: string;
  email?: string;
  email_verified?: boolean;
  groups?: string[];
}

function signingKey() {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

/**
 * A real OpenID Connect provider (`oidc-provider`, on loopback over HTTP) with one confidential client for the
 * controller's callback, PKCE required, its bundled development sign-in pages (any password is accepted for a
 * known account), and the claims in the ID token. `rotateKeys()` replaces its signing key. Stopped after the test.
 */
export async function startOidcProvider(redirectUri: string, accounts: Record<string, Account>) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let server: Server | undefined;
  const build = (keys: object[]) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true, methods: ['S256'] },
      conformIdTokenClaims: false,
      claims: {
        openid: ['sub'],
        profile: ['preferred_username', 'name', 'groups'],
        email: ['email', 'email_verified'],
      },
      findAccount: async (_ctx, id) => {
        const account = accounts[id];
        return account === undefined ? undefined : { accountId: id, claims: async () => ({ sub: id, ...account }) };
      },
      features: { devInteractions: { enabled: true } },
      jwks: { keys },
      cookies: { keys: ['oidc-provider-test-cookie-key'] },
    });
  const listen = async (keys: object[]) => {
    const provider = build(keys);
    server = provider.listen(port) as Server;
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await listen([signingKey()]);
  releaseAfterTest(async () => {
    server?.closeAllConnections();
    await stop();
  });
  return {
    issuer,
    /** A new signing key (the old one gone): ID tokens from now on carry a `kid` the controller has not seen. */
    async rotateKeys() {
      server?.closeAllConnections();
      await stop();
      await listen([signingKey()]);
    },
  };
}
