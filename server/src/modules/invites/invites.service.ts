import type { Kysely, Transaction } from 'kysely';
import type { AuthProvider } from '@telegraf-controller/contract/users';
import { DEFAULT_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import type {
  Invite,
  InviteCreate,
  InviteList,
  InviteListQuery,
  InvitePreview,
  IssuedLink,
} from '@telegraf-controller/contract/users';
import type { Database, InvitesTable, UsersTable } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { hashPassword } from '../../lib/passwords.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { SecondFactorService } from '../second-factor/second-factor.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { assertMayGrant } from '../users/users.rules.js';
import { addUser, assertIdentityFree, claimIdentity, newUserRow } from '../users/users.service.js';
import {
  countInvites,
  deleteInvite,
  findInviteByCodeHash,
  findInviteClaiming,
  findPendingInviteFor,
  insertInvite,
  listInvites,
} from './invites.repo.js';

export interface InvitesService {
  create(actor: Identity, request: InviteCreate, uiBaseUrl: string, origin: RequestOrigin): Promise<IssuedLink>;
  /** Pending and expired invites, newest first, a page at a time. */
  list(query: InviteListQuery): Promise<InviteList>;
  remove(actor: Identity, id: string, origin: RequestOrigin): Promise<void>;
  preview(code: string): Promise<InvitePreview>;
  /**
   * Creates the account (single use) and returns it, for the caller to sign in; `secondFactorPending` when its role
   * requires a second factor, which the session must enrol first (ADR 24).
   */
  accept(
    code: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<{ user: UsersTable; secondFactorPending: boolean }>;
}

/**
 * Uses up the pending invite of `email` for an external `provider`, inside the caller's transaction: the person
 * signed in through that provider with that email, which is how such an invite is accepted. Undefined when none.
 */
export async function takeInviteFor(
  trx: Transaction<Database>,
  email: string,
  provider: InvitesTable['provider'],
): Promise<InvitesTable | undefined> {
  const invite = await findPendingInviteFor(trx, email.toLowerCase(), provider, new Date().toISOString());
  if (invite === undefined || !(await deleteInvite(trx, invite.id))) return undefined;
  return invite;
}

const INVALID_LINK = 'This invite link is not valid: it was used, deleted or has expired';

export function createInvitesService(
  db: Kysely<Database>,
  settings: SettingsService,
  /** The sign-in providers enabled at start-up: an invite is for one of them. */
  providers: readonly AuthProvider[],
  secondFactor: Pick<SecondFactorService, 'isRequired'>,
  audit: AuditLog,
): InvitesService {
  const findLive = async (code: string): Promise<InvitesTable> => {
    const invite = await findInviteByCodeHash(db, sha256Hex(code));
    if (invite === undefined || Date.parse(invite.expiresAt) <= Date.now())
      throw new AppError('not_found', INVALID_LINK);
    return invite;
  };

  return {
    async create(actor, { username, email, role, provider = 'local', expiresInHours = 72 }, uiBaseUrl, origin) {
      assertMayGrant(actor, role);
      if (!providers.includes(provider)) {
        throw new AppError('validation_failed', `Sign-in through ${provider} is not enabled`, {
          errors: [{ pointer: '/provider', message: `must be an enabled provider: ${providers.join(', ')}` }],
        });
      }
      await assertIdentityFree(db, { username, email });
      const now = new Date();
      const claimed = await findInviteClaiming(db, username.toLowerCase(), email.toLowerCase(), now.toISOString());
      if (claimed !== undefined) {
        const field = claimed.usernameKey === username.toLowerCase() ? 'username' : 'email';
        throw new AppError('conflict', `A pending invite already claims that ${field}`, {
          errors: [{ pointer: `/${field}`, message: 'is claimed by a pending invite' }],
        });
      }
      const code = randomToken();
      const invite: InvitesTable = {
        id: newId(),
        codeHash: sha256Hex(code),
        username,
        usernameKey: username.toLowerCase(),
        email,
        emailKey: email.toLowerCase(),
        role,
        provider,
        expiresAt: new Date(now.getTime() + expiresInHours * 3600_000).toISOString(),
        createdBy: actor.userId,
        createdAt: now.toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await insertInvite(trx, invite);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'invite.create',
          target: { type: 'invite', id: invite.id, name: username },
          details: { email, role, provider, expiresAt: invite.expiresAt },
        });
      });
      return { id: invite.id, url: `${uiBaseUrl}/invite/${code}`, expiresAt: invite.expiresAt };
    },

    async list({ limit = DEFAULT_PAGE_ITEMS, cursor }) {
      const after =
        cursor === undefined ? undefined : (decodeCursor(cursor, 2, ['timestamp', 'string']) as [string, string]);
      const rows = await listInvites(db, { after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const now = Date.now();
      const items: Invite[] = page.map((row) => ({
        id: row.id,
        username: row.username,
        email: row.email,
        role: row.role,
        provider: row.provider,
        expiresAt: row.expiresAt,
        createdAt: row.createdAt,
        createdBy: row.createdByUsername,
        status: Date.parse(row.expiresAt) > now ? 'pending' : 'expired',
      }));
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
        total: await countInvites(db),
      };
    },

    async remove(actor, id, origin) {
      await db.transaction().execute(async (trx) => {
        if (!(await deleteInvite(trx, id))) throw new AppError('not_found', 'No such invite');
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'invite.delete',
          target: { type: 'invite', id, name: null },
        });
      });
    },

    async preview(code) {
      const invite = await findLive(code);
      const { username, email, role, provider, expiresAt } = invite;
      return { username, email, role, provider, expiresAt };
    },

    async accept(code, password, origin) {
      const invite = await findLive(code);
      if (invite.provider !== 'local') {
        throw new AppError(
          'conflict',
          `This invite is for sign-in through ${invite.provider}: sign in there to accept it`,
        );
      }
      assertStrongPassword(password, (await settings.get()).passwordComplexity, '/password');
      await assertIdentityFree(db, { username: invite.username, email: invite.email });
      const user = newUserRow({
        username: invite.username,
        email: invite.email,
        role: invite.role,
        passwordHash: await hashPassword(password),
      });
      await claimIdentity(db, { username: invite.username, email: invite.email }, () =>
        db.transaction().execute(async (trx) => {
          if (!(await deleteInvite(trx, invite.id))) throw new AppError('not_found', INVALID_LINK);
          await addUser(trx, user);
          await audit.record(trx, {
            actor: { type: 'user', id: user.id, name: user.username },
            ...origin,
            action: 'invite.accept',
            target: { type: 'user', id: user.id, name: user.username },
            details: { inviteId: invite.id, role: invite.role, invitedBy: invite.createdBy },
          });
        }),
      );
      return { user, secondFactorPending: await secondFactor.isRequired(user.role) };
    },
  };
}
