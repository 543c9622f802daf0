import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { TOKEN_PATTERN } from '@telegraf-controller/contract/tokens';
import type { Database } from '../../db/schema.js';
import type { Identity, MemoryAuthenticator } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import type { CachedToken, TokenCache } from './token-cache.js';
import { recordTokenUse } from './tokens.repo.js';

const USE_RECORD_INTERVAL_MS = 60_000;
const AUTHORIZATION = /^(?:Bearer|Token)[ \t]+(\S+)[ \t]*$/i;

/** The four messages Telegraf's users know from the reference; the `code` tells the cases apart. */
export const TOKEN_MESSAGES = {
  header: 'Missing or invalid Authorization header',
  format: 'Invalid token format',
  invalid: 'Invalid token',
  expired: 'Token expired',
} as const;

/** Why a token found by its hash may not be used now, or undefined when it may. */
function refusalOf({ token, owner }: CachedToken, now: number): AppError | undefined {
  if (token.revokedAt !== null) return new AppError('token_revoked', TOKEN_MESSAGES.invalid);
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) {
    return new AppError('token_expired', TOKEN_MESSAGES.expired);
  }
  if (owner.disabledAt !== null) return new AppError('token_owner_disabled', TOKEN_MESSAGES.invalid);
  return undefined;
}

// A cached token's identity is made once: a cache entry is never changed, only replaced, so it cannot go stale.
const identities = new WeakMap<CachedToken, Identity>();

function identityOf(found: CachedToken): Identity {
  let identity = identities.get(found);
  if (identity === undefined) {
    identity = Object.freeze(makeIdentity(found));
    identities.set(found, identity);
  }
  return identity;
}

function makeIdentity({ token, owner, permissions }: CachedToken): Identity {
  return {
    userId: owner.id,
    username: owner.username,
    role: owner.role,
    permissions,
    via: 'token',
    profile: Object.freeze({ email: owner.email, displayName: owner.displayName, createdAt: owner.createdAt }),
    token: Object.freeze({ id: token.id, name: token.name }),
  };
}

/**
 * `Authorization: Bearer <token>` or `Token <token>`. The token acts as its owner would, narrowed to the token's
 * permissions ∩ the owner's current role. Use is recorded at most once a minute per token, off the request path.
 * `identifyFromMemory` applies the same checks to a token already in the cache, without waiting for anything: the
 * answer is either this same identity or "ask the full check".
 */
export function createTokenAuthenticator(db: Kysely<Database>, cache: TokenCache, logger: Logger): MemoryAuthenticator {
  const lastRecorded = new Map<string, number>();
  const admit = (found: CachedToken, now: number, ip: string): Identity => {
    const { token } = found;
    const previous = lastRecorded.get(token.id) ?? (token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0);
    if (now - previous >= USE_RECORD_INTERVAL_MS) {
      lastRecorded.set(token.id, now);
      recordTokenUse(db, token.id, new Date(now).toISOString(), ip.slice(0, 64)).catch((error) =>
        logger.warn({ err: error, tokenId: token.id }, 'could not record token use'),
      );
    }
    return identityOf(found);
  };

  const authenticate = async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const value = AUTHORIZATION.exec(header)?.[1];
    if (value === undefined) throw new AppError('unauthorized', TOKEN_MESSAGES.header);
    if (!TOKEN_PATTERN.test(value)) throw new AppError('token_malformed', TOKEN_MESSAGES.format);
    const found = await cache.lookup(sha256Hex(value));
    if (found === undefined) throw new AppError('token_invalid', TOKEN_MESSAGES.invalid);
    const now = Date.now();
    const refusal = refusalOf(found, now);
    if (refusal !== undefined) throw refusal;
    return admit(found, now, request.ip);
  };

  // The hash a connection's last Authorization header gave: an agent sends the same header over a kept-alive
  // connection, so it is parsed and hashed once per connection. Only what the request itself holds is kept, and
  // only as long as the connection lives; the token is still looked up (revocation, expiry) at every request.
  const hashes = new WeakMap<object, { header: string; hash: string }>();
  const hashOf = (header: string, connection: object): string | undefined => {
    const last = hashes.get(connection);
    if (last !== undefined && last.header === header) return last.hash;
    const value = AUTHORIZATION.exec(header)?.[1];
    if (value === undefined || !TOKEN_PATTERN.test(value)) return undefined;
    const hash = sha256Hex(value);
    hashes.set(connection, { header, hash });
    return hash;
  };

  const identifyFromMemory = (header: string, ip: string, connection: object): Identity | undefined => {
    const hash = hashOf(header, connection);
    const found = hash === undefined ? undefined : cache.peek(hash);
    if (found === undefined) return undefined;
    const now = Date.now();
    return refusalOf(found, now) === undefined ? admit(found, now, ip) : undefined;
  };

  return Object.assign(authenticate, { identifyFromMemory });
}
