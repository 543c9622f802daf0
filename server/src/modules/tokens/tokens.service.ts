import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  TOKEN_PATTERN,
  TOKEN_PREFIX,
  parsePermissions,
  presetPermissions,
  type Token,
  type TokenBulk,
  type TokenBulkResult,
  type TokenCreate,
  type TokenCreated,
  type TokenList,
  type TokenListQuery,
} from '@telegraf-controller/contract/tokens';
import { ERROR_CODES } from '@telegraf-controller/contract/problem';
import { ROLES, roleGrants, seesAllTokens, type Permission } from '@telegraf-controller/contract/permissions';
import type { Database } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { UsersService } from '../users/users.service.js';
import type { TokenCache } from './token-cache.js';
import { narrowToRole } from './token-lifecycle.js';
import { presentToken } from './tokens.presenter.js';
import {
  countTokens,
  countUsableTokens,
  deleteTokenRow,
  findTokenIdBy,
  findTokenRow,
  insertToken,
  listTokenRows,
  revokeTokenRow,
  unrevokedDescendants,
  updateToken,
  type TokenRow,
} from './tokens.repo.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { nameKey, normalizeName } from '../../lib/text.js';

export interface TokensService {
  create(actor: Identity, request: TokenCreate, origin: RequestOrigin): Promise<TokenCreated>;
  list(actor: Identity, query: TokenListQuery): Promise<TokenList>;
  get(actor: Identity, id: string): Promise<Token>;
  /** Revokes the token, and with `children` every token created with it (and with those) that the actor sees. */
  revoke(actor: Identity, id: string, options: { children?: boolean }, origin: RequestOrigin): Promise<Token>;
  remove(actor: Identity, id: string, origin: RequestOrigin): Promise<void>;
  reassign(actor: Identity, id: string, userId: string, origin: RequestOrigin): Promise<Token>;
  /** Each token's action is recorded as its own entry, marked `bulk`. */
  bulk(actor: Identity, request: TokenBulk, origin: RequestOrigin): Promise<TokenBulkResult>;
  capabilities(): { preSharedTokensEnabled: boolean };
  /** How many tokens could be used right now for `permission` (their owner's role grants it too). */
  countUsable(permission: Permission): Promise<number>;
}

export interface TokensSettings {
  preSharedTokensEnabled: boolean;
}

export function generateTokenValue(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('hex')}`;
}

function expiryOf(request: TokenCreate, now: number): string | null {
  if (request.expiresAt !== undefined && request.expiresInDays !== undefined) {
    throw new AppError('validation_failed', 'Give expiresAt or expiresInDays, not both', {
      errors: [{ pointer: '/expiresInDays', message: 'cannot be combined with expiresAt' }],
    });
  }
  if (request.expiresInDays !== undefined) return new Date(now + request.expiresInDays * 86_400_000).toISOString();
  if (request.expiresAt === undefined || request.expiresAt === null) return null;
  const at = Date.parse(request.expiresAt);
  if (!(at > now)) {
    throw new AppError('validation_failed', 'expiresAt must be in the future', {
      errors: [{ pointer: '/expiresAt', message: 'must be in the future' }],
    });
  }
  return new Date(at).toISOString();
}

/** The earlier of the requested expiry and the parent's (null: never). */
function capExpiry(requested: string | null, parent: string | null): string | null {
  if (parent === null) return requested;
  return requested !== null && Date.parse(requested) <= Date.parse(parent) ? requested : new Date(parent).toISOString();
}

export function createTokensService(
  db: Kysely<Database>,
  cache: TokenCache,
  users: UsersService,
  settings: TokensSettings,
  audit: AuditLog,
): TokensService {
  /** A token the actor may see, else 404 (another user's token is not visible to a Manager). */
  const visible = async (actor: Identity, id: string): Promise<TokenRow> => {
    const row = await findTokenRow(db, id);
    if (row === undefined || (!seesAllTokens(actor.role) && row.userId !== actor.userId)) {
      throw new AppError('not_found', 'No such token');
    }
    return row;
  };
  const reload = async (id: string) => presentToken((await findTokenRow(db, id))!);

  const service: TokensService = {
    async create(actor, request, origin) {
      const now = Date.now();
      // Custom permissions are optional: without a preset or a list, the token gets the creator's full role.
      const preset = request.preset ?? (request.permissions === undefined ? 'full-access' : 'custom');
      const requested =
        preset !== 'custom'
          ? presetPermissions(preset, actor.role)
          : request.permissions !== undefined
            ? parseRequested(request.permissions)
            : undefined;
      if (requested === undefined) {
        throw new AppError('validation_failed', 'The custom preset needs the permissions listed', {
          errors: [{ pointer: '/permissions', message: 'is required with the custom preset' }],
        });
      }
      // A token can never hold more than its creator: requested ∩ what this request may do.
      const granted = requested.filter((p) => actor.permissions.has(p));
      const dropped = requested.filter((p) => !actor.permissions.has(p));
      // Created with a token: never outlives it, and remembers it (revoking it may revoke this one too).
      const parent = actor.token === undefined ? undefined : await findTokenRow(db, actor.token.id);
      const expiresAt = capExpiry(expiryOf(request, now), parent?.expiresAt ?? null);

      let value = generateTokenValue();
      let source: 'user' | 'preshared' = 'user';
      if (request.rawToken !== undefined) {
        if (!settings.preSharedTokensEnabled) {
          throw new AppError('preshared_tokens_disabled', 'Pre-shared tokens are disabled on this controller');
        }
        if (!TOKEN_PATTERN.test(request.rawToken)) {
          throw new AppError('invalid_token_format', 'rawToken must be tc-apiv1_ followed by 64 lowercase hex digits', {
            errors: [{ pointer: '/rawToken', message: 'must be tc-apiv1_ followed by 64 lowercase hex digits' }],
          });
        }
        value = request.rawToken;
        source = 'preshared';
      }
      const name = normalizeName(request.name);
      const tokenHash = sha256Hex(value);
      // The 409 for a name or value another token holds: checked first, and again when the insert loses a race.
      const assertUnused = async () => {
        if (await findTokenIdBy(db, 'nameKey', nameKey(name))) {
          throw new AppError('token_name_conflict', `A token named "${name}" exists already`, {
            errors: [{ pointer: '/name', message: 'is the description of another token' }],
          });
        }
        if (await findTokenIdBy(db, 'tokenHash', tokenHash)) {
          throw new AppError('token_value_conflict', 'That token value is in use already', {
            errors: [{ pointer: '/rawToken', message: 'is in use already' }],
          });
        }
      };
      await assertUnused();
      const id = newId();
      const token = {
        id,
        name,
        nameKey: nameKey(name),
        tokenHash,
        last4: value.slice(-4),
        userId: actor.userId,
        permissions: JSON.stringify(granted),
        source,
        createdBy: actor.userId,
        createdAt: new Date(now).toISOString(),
        expiresAt,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
        lastUsedFrom: null,
        parentTokenId: parent?.id ?? null,
      };
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertToken(trx, token);
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'token.create',
            target: { type: 'token', id, name },
            details: { permissions: granted, expiresAt, source, parentTokenId: token.parentTokenId },
          });
        });
      await recheckOnUniqueViolation(store, assertUnused);
      return { ...(await reload(id)), token: value, droppedPermissions: dropped };
    },

    async list(actor, { limit = 50, cursor, status, userId, search }) {
      const filter = {
        status,
        search,
        userId: seesAllTokens(actor.role) ? userId : actor.userId,
        now: new Date().toISOString(),
      };
      const rows = await listTokenRows(db, filter, { before: cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => presentToken(row)),
        nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
        total: await countTokens(db, filter),
      };
    },

    async get(actor, id) {
      return presentToken(await visible(actor, id));
    },

    async revoke(actor, id, { children = false }, origin) {
      const row = await visible(actor, id);
      const at = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await revokeTokenRow(trx, row.id, actor.userId, at);
        const alsoRevoked: string[] = [];
        for (const child of children ? await unrevokedDescendants(trx, [row.id]) : []) {
          const found = await findTokenRow(trx, child);
          if (found !== undefined && (seesAllTokens(actor.role) || found.userId === actor.userId)) {
            await revokeTokenRow(trx, child, actor.userId, at);
            alsoRevoked.push(child);
          }
        }
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'token.revoke',
          target: { type: 'token', id: row.id, name: row.name },
          details: { ownerId: row.userId, ...(children ? { children: alsoRevoked } : {}), ...bulkMark(origin) },
        });
      });
      cache.invalidate();
      return reload(row.id);
    },

    async remove(actor, id, origin) {
      const row = await visible(actor, id);
      if (!actor.permissions.has('tokens:delete')) {
        throw new AppError('forbidden', 'This action needs the tokens:delete permission');
      }
      await db.transaction().execute(async (trx) => {
        await deleteTokenRow(trx, row.id);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'token.delete',
          target: { type: 'token', id: row.id, name: row.name },
          details: { ownerId: row.userId, ...bulkMark(origin) },
        });
      });
      cache.invalidate();
    },

    async reassign(actor, id, userId, origin) {
      if (!seesAllTokens(actor.role))
        throw new AppError('forbidden', 'Only the owner and administrators reassign tokens');
      const row = await visible(actor, id);
      if (row.source === 'bootstrap') {
        throw new AppError(
          'forbidden',
          'The bootstrap token belongs to the owner and follows ownership; it is never reassigned',
        );
      }
      const target = await users.get(userId).catch(() => {
        throw new AppError('validation_failed', 'No such user to reassign to', {
          errors: [{ pointer: '/userId', message: 'is not a user' }],
        });
      });
      // The value keeps working; what it may do shrinks to the new owner's role (to a Viewer: read-only).
      const narrowed = narrowToRole(JSON.parse(row.permissions), target.role);
      await db.transaction().execute(async (trx) => {
        await updateToken(trx, row.id, { userId: target.id, permissions: JSON.stringify(narrowed) });
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'token.reassign',
          target: { type: 'token', id: row.id, name: row.name },
          details: { from: row.userId, to: target.id, permissions: narrowed, ...bulkMark(origin) },
        });
      });
      cache.invalidate();
      return reload(row.id);
    },

    async bulk(actor, { action, ids, userId }, origin) {
      const marked: BulkOrigin = { ...origin, bulk: true };
      if (action === 'reassign' && userId === undefined) {
        throw new AppError('validation_failed', 'A bulk reassign needs the userId of the new owner', {
          errors: [{ pointer: '/userId', message: 'is required for reassign' }],
        });
      }
      const results: TokenBulkResult['results'] = [];
      for (const id of new Set(ids)) {
        try {
          if (action === 'revoke') await service.revoke(actor, id, {}, marked);
          else if (action === 'delete') await service.remove(actor, id, marked);
          else await service.reassign(actor, id, userId!, marked);
          results.push({ id, ok: true, status: action === 'delete' ? 204 : 200 });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const problem = {
            status: error.extras.status ?? ERROR_CODES[error.code],
            code: error.code,
            detail: error.detail,
          };
          results.push({ id, ok: false, ...problem });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { results, succeeded, failed: results.length - succeeded };
    },

    capabilities() {
      return { preSharedTokensEnabled: settings.preSharedTokensEnabled };
    },

    countUsable(permission) {
      const roles = ROLES.filter((role) => roleGrants(role, permission));
      return countUsableTokens(db, permission, roles, new Date().toISOString());
    },
  };
  return service;
}

/** A bulk action's origin: each token's entry says it came from one. */
type BulkOrigin = RequestOrigin & { bulk?: true };
const bulkMark = (origin: BulkOrigin) => (origin.bulk ? { bulk: true } : {});

function parseRequested(input: string | readonly string[]) {
  const { permissions, unknown } = parsePermissions(input);
  if (unknown.length > 0) {
    throw new AppError('invalid_permissions', `Unknown permissions: ${unknown.slice(0, 20).join(', ')}`, {
      errors: [{ pointer: '/permissions', message: `has unknown items: ${unknown.slice(0, 20).join(', ')}` }],
    });
  }
  return permissions;
}
