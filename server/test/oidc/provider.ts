import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type JsonWebKey } from 'node:crypto';
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

/** A compact JWS (RS256) of `claims` under `header`, signed with `key`. */
function signJwt(header: object, claims: object, key: JsonWebKey): string {
  const input = [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.');
  const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * What a misbehaving provider does to the ID token it answers: new claims, signed again with its own key or, with
 * `foreignKey`, with a key nobody published (under the same `kid`).
 */
export type IdTokenTamper = (claims: Record<string, unknown>) => {
  claims: Record<string, unknown>;
  foreignKey?: boolean;
};

/**
 * A real OpenID Connect provider (`oidc-provider`, on loopback over HTTP) with one confidential client for the
 * controller's callback, PKCE required, its bundled development sign-in pages (any password is accepted for a
 * known account), and the claims in the ID token. `rotateKeys()` replaces its signing key; `tamperIdTokens()` makes
 * it answer ID tokens that should be refused. Stopped after the test.
 */
export async function startOidcProvider(redirectUri: string, accounts: Record<string, Account>) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let server: Server | undefined;
  let tamper: IdTokenTamper | undefined;
  let currentKey = signingKey();
  const build = (keys: object[]) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          redirect_uris: [redirectUri],
          post_logout_redirect_uris: [new URL('/login', redirectUri).href],
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
    // After the token endpoint answered: the ID token it carries, altered when a test asks for it.
    provider.use(async (ctx, next) => {
      await next();
      const body = ctx.body as { id_token?: unknown } | undefined;
      if (tamper === undefined || ctx.path !== '/token' || typeof body?.id_token !== 'string') return;
      const [header, payload] = body.id_token.split('.') as [string, string];
      const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as object;
      const changed = tamper(decode(payload) as Record<string, unknown>);
      const key = changed.foreignKey ? signingKey() : currentKey;
      ctx.body = { ...body, id_token: signJwt(decode(header), changed.claims, key) };
    });
    return provider;
  };
  const listen = async (keys: object[]) => {
    const provider = build(keys);
    server = provider.listen(port) as Server;
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  };
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await listen([currentKey]);
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
      currentKey = signingKey();
      await listen([currentKey]);
    },
    /** From now on the ID tokens the provider answers are altered by `change` (undefined: honest again). */
    tamperIdTokens(change: IdTokenTamper | undefined) {
      tamper = change;
    },
  };
}
