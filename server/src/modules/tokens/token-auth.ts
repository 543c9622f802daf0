import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { TOKEN_PATTERN } from '@telegraf-controller/contract/tokens';
import type { Database } from '../../db/schema.js';
import type { Authenticator } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import type { TokenCache } from './token-cache.js';
import { recordTokenUse } from './tokens.repo.js';

const USE_RECORD_INTERVAL_MS = 60_000;

/** The four messages Telegraf's users know from the reference; the `code` tells the cases apart. */
export const TOKEN_MESSAGES = {
  header: 'Missing or invalid Authorization header',
  format: 'Invalid token format',
  invalid: 'Invalid token',
  expired: 'Token expired',
} as const;

export function readAuthorization(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^(?:Bearer|Token)[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (match === null) throw new AppError('unauthorized', TOKEN_MESSAGES.header);
  return match[1];
}

/**
 * `Authorization: Bearer <token>` or `Token <token>`. The token acts as its owner would, narrowed to the token's
 * permissions ∩ the owner's current role. Use is recorded at most once a minute per token, off the request path.
 */
export function createTokenAuthenticator(db: Kysely<Database>, cache: TokenCache, logger: Logger): Authenticator {
  const lastRecorded = new Map<string, number>();
  return async (request) => {
    const value = readAuthorization(request);
    if (value === undefined) return null;
    if (!TOKEN_PATTERN.test(value)) throw new AppError('token_malformed', TOKEN_MESSAGES.format);
    const found = await cache.lookup(sha256Hex(value));
    if (found === undefined) throw new AppError('token_invalid', TOKEN_MESSAGES.invalid);
    const { token, owner } = found;
    const now = Date.now();
    if (token.revokedAt !== null) throw new AppError('token_revoked', TOKEN_MESSAGES.invalid);
    if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) {
      throw new AppError('token_expired', TOKEN_MESSAGES.expired);
    }
    if (owner.disabledAt !== null) throw new AppError('token_owner_disabled', TOKEN_MESSAGES.invalid);

    const previous = lastRecorded.get(token.id) ?? (token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0);
    if (now - previous >= USE_RECORD_INTERVAL_MS) {
      lastRecorded.set(token.id, now);
      recordTokenUse(db, token.id, new Date(now).toISOString(), request.ip.slice(0, 64)).catch((error) =>
        logger.warn({ err: error, tokenId: token.id }, 'could not record token use'),
      );
    }
    return {
      userId: owner.id,
      username: owner.username,
      role: owner.role,
      permissions: found.permissions,
      via: 'token',
      profile: { email: owner.email, displayName: owner.displayName, createdAt: owner.createdAt },
      token: { id: token.id, name: token.name },
    };
  };
}
