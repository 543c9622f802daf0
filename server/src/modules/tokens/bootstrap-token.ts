import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { PERMISSIONS } from '@telegraf-controller/contract/permissions';
import { TOKEN_PATTERN } from '@telegraf-controller/contract/tokens';
import type { Database } from '../../db/schema.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { lookUpOwner } from '../users/users.directory.js';
import {
  bootstrapTokens,
  findTokenByHashWithOwner,
  findTokenIdBy,
  insertToken,
  revokeTokenRow,
} from './tokens.repo.js';

const BASE_NAME = 'bootstrap-token';

/**
 * OWNER_TOKEN, re-evaluated at every start (ADR 18): the same value is a no-op (a revoked one stays
 * revoked); a new value is provisioned for the owner with full access and no expiry, and only then is the previous
 * bootstrap token revoked; a value that belongs to another token is left alone with a warning.
 */
export async function provisionBootstrapToken(
  db: Kysely<Database>,
  value: string | undefined,
  logger: Logger,
): Promise<void> {
  if (value === undefined) return;
  if (!TOKEN_PATTERN.test(value)) {
    logger.warn('OWNER_TOKEN is not tc-apiv1_ followed by 64 lowercase hex digits: ignored');
    return;
  }
  const owner = await lookUpOwner(db);
  if (owner === undefined) {
    logger.warn('OWNER_TOKEN is set but no owner exists yet: the token is provisioned on the next start');
    return;
  }
  const tokenHash = sha256Hex(value);
  const existing = await findTokenByHashWithOwner(db, tokenHash);
  if (existing !== undefined) {
    if (existing.token.source !== 'bootstrap') {
      logger.warn('OWNER_TOKEN equals an existing non-bootstrap token: left untouched, nothing provisioned');
    }
    return;
  }
  const previous = await bootstrapTokens(db);
  let name = BASE_NAME;
  for (let n = 1; await findTokenIdBy(db, 'nameKey', name); n++) name = `${BASE_NAME}-${n}`;
  const now = new Date().toISOString();
  const provisioned = db.transaction().execute(async (trx) => {
    await insertToken(trx, {
      id: newId(),
      name,
      nameKey: name,
      tokenHash,
      last4: value.slice(-4),
      userId: owner.id,
      permissions: JSON.stringify(PERMISSIONS),
      source: 'bootstrap',
      createdBy: null,
      createdAt: now,
      expiresAt: null,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
      lastUsedFrom: null,
      parentTokenId: null,
    });
    for (const token of previous) await revokeTokenRow(trx, token.id, null, now);
  });
  try {
    await provisioned;
  } catch (error) {
    // Nodes of a cluster start together with the same OWNER_TOKEN: one provisions it, the others find it done.
    if (isUniqueViolation(error) && (await findTokenByHashWithOwner(db, tokenHash)) !== undefined) return;
    throw error;
  }
  logger.info({ name }, 'bootstrap token provisioned from OWNER_TOKEN');
}
