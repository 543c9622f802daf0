import type { Kysely, Transaction } from 'kysely';
import type { User, UserList, UserListQuery, UserUpdate } from '@telegraf-controller/contract/users';
import { mayTransferOwnership, type Role } from '@telegraf-controller/contract/permissions';
import type { Database, UsersTable } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { endSessionsOf } from '../sessions/sessions.service.js';
import { fitTokensToRole, handOverBootstrapTokens } from '../tokens/token-lifecycle.js';
import { lookUpTakenIdentity } from './users.directory.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit.service.js';
import { presentUser } from './users.presenter.js';
import {
  countUsers,
  deleteUser,
  findUserById,
  insertUser,
  listUsers,
  recordFailedSignIn,
  updateUser,
} from './users.repo.js';
import { assertMayActOn, assertMayGrant, assertOwner } from './users.rules.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface UsersService {
  list(query: UserListQuery): Promise<UserList>;
  get(id: string): Promise<User>;
  update(actor: Identity, id: string, changes: UserUpdate, origin: RequestOrigin): Promise<User>;
  setDisabled(actor: Identity, id: string, disabled: boolean, origin: RequestOrigin): Promise<User>;
  remove(actor: Identity, id: string, origin: RequestOrigin): Promise<void>;
  transferOwnership(actor: Identity, id: string, origin: RequestOrigin): Promise<User>;
}

export interface NewUser {
  username: string;
  email: string;
  role: Role;
  /** Null for a user who signs in through a directory or an identity provider. */
  passwordHash: string | null;
  displayName?: string | null;
  external?: { provider: UsersTable['authProvider']; id: string; provisionedRole: Role | null };
}

/** A user row ready to insert; uniqueness of username and email is checked by the caller and the database. */
export function newUserRow(input: NewUser, now = new Date().toISOString()): UsersTable {
  return {
    id: newId(),
    username: input.username,
    usernameKey: input.username.toLowerCase(),
    email: input.email,
    emailKey: input.email.toLowerCase(),
    displayName: input.displayName ?? null,
    role: input.role,
    authProvider: input.external?.provider ?? 'local',
    externalId: input.external?.id ?? null,
    provisionedRole: input.external?.provisionedRole ?? null,
    passwordHash: input.passwordHash,
    failedLoginCount: 0,
    lockedUntil: null,
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** 409 naming the field another account already uses. */
export async function assertIdentityFree(
  db: Kysely<Database>,
  keys: { username?: string; email?: string },
  exceptId?: string,
): Promise<void> {
  const taken = await lookUpTakenIdentity(db, keys, exceptId);
  if (taken !== undefined) {
    throw new AppError('conflict', `That ${taken} belongs to another account`, {
      errors: [{ pointer: `/${taken}`, message: 'belongs to another account' }],
    });
  }
}

/**
 * Runs `write`, which stores the username or email in `keys` (with the transaction it opens, if any). When another
 * account took either between `assertIdentityFree` and the write, the unique index refuses it: that is the same 409.
 */
export async function claimIdentity<T>(
  db: Kysely<Database>,
  keys: { username?: string; email?: string },
  write: () => Promise<T>,
  exceptId?: string,
): Promise<T> {
  return recheckOnUniqueViolation(write, () => assertIdentityFree(db, keys, exceptId));
}

/*
 * How other modules change users (they read them through users.directory.ts). Each takes the executor first, so a
 * caller's transaction can include it; none checks uniqueness, which is the caller's `claimIdentity`.
 */

/**
 * What a new role brings besides the role (set by the caller): every session of the user ends now, and tokens shrink
 * to the role. The same whether a person changed it or a directory's groups did at sign-in (`actorId` null).
 */
export async function applyRoleChange(
  trx: Transaction<Database>,
  userId: string,
  role: Role,
  actorId: string | null,
): Promise<void> {
  await endSessionsOf(trx, userId);
  await fitTokensToRole(trx, userId, role, actorId);
}

/** A role given by the groups a directory or identity provider reported at sign-in. */
export async function setRoleFromSignIn(trx: Transaction<Database>, userId: string, role: Role): Promise<void> {
  await updateUser(trx, userId, { role, updatedAt: new Date().toISOString() });
  await applyRoleChange(trx, userId, role, null);
}

/**
 * Disables a user the directory no longer has (or marks disabled): sessions end, tokens stop working. Recorded as
 * the system's `user.disable`.
 */
export async function disableGoneUser(
  db: Kysely<Database>,
  user: Pick<UsersTable, 'id' | 'username'>,
  audit: AuditLog | undefined,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    await updateUser(trx, user.id, { disabledAt: now, updatedAt: now });
    await endSessionsOf(trx, user.id);
    await audit?.record(trx, {
      action: 'user.disable',
      actor: SYSTEM_ACTOR,
      target: { type: 'user', id: user.id, name: user.username },
      details: { reason: 'gone from the directory (LDAP)' },
    });
  });
}

/**
 * Turns a local user into one who signs in through `provider` (auto-link by verified email): the password goes (the
 * provider decides from now on) and the role they had stands in for the provider's default role.
 */
export async function linkExternalIdentity(
  db: Executor,
  userId: string,
  provider: UsersTable['authProvider'],
  externalId: string,
  role: Role,
): Promise<void> {
  await updateUser(db, userId, {
    authProvider: provider,
    externalId,
    provisionedRole: role,
    passwordHash: null,
    updatedAt: new Date().toISOString(),
  });
}

export async function addUser(db: Executor, user: UsersTable): Promise<void> {
  await insertUser(db, user);
}

export async function changeProfile(
  db: Executor,
  id: string,
  { username, email, displayName }: { username?: string; email?: string; displayName?: string | null },
): Promise<void> {
  await updateUser(db, id, {
    ...(username !== undefined ? { username, usernameKey: username.toLowerCase() } : {}),
    ...(email !== undefined ? { email, emailKey: email.toLowerCase() } : {}),
    ...(displayName !== undefined ? { displayName } : {}),
    updatedAt: new Date().toISOString(),
  });
}

export async function changePasswordHash(db: Executor, id: string, passwordHash: string): Promise<void> {
  await updateUser(db, id, { passwordHash, updatedAt: new Date().toISOString() });
}

/** A new password set by a reset link or RESET_OWNER_PASSWORD, which also lifts a lockout. */
export async function resetPasswordHash(db: Executor, id: string, passwordHash: string): Promise<void> {
  await updateUser(db, id, {
    passwordHash,
    failedLoginCount: 0,
    lockedUntil: null,
    updatedAt: new Date().toISOString(),
  });
}

/** Counts one failed sign-in in SQL, so failures sent in parallel each count; returns the count. */
export async function countFailedSignIn(db: Executor, id: string): Promise<number> {
  return recordFailedSignIn(db, id);
}

/** Locks sign-in until `until` and starts the failure count again. */
export async function lockSignIn(db: Executor, id: string, until: string): Promise<void> {
  await updateUser(db, id, { failedLoginCount: 0, lockedUntil: until });
}

/**
 * Counts a failed attempt (a wrong password or code) in SQL, so attempts sent in parallel each count; at
 * `loginLockoutAttempts` it locks the account for `loginLockoutMinutes`. Answers how long (ms) when it locked.
 */
export async function countFailedAttempt(
  db: Executor,
  id: string,
  { loginLockoutAttempts, loginLockoutMinutes }: { loginLockoutAttempts: number; loginLockoutMinutes: number },
  now: number,
): Promise<number | undefined> {
  if ((await countFailedSignIn(db, id)) < loginLockoutAttempts) return undefined;
  await lockSignIn(db, id, new Date(now + loginLockoutMinutes * 60_000).toISOString());
  return loginLockoutMinutes * 60_000;
}

/** 423 for a locked account, saying for how long. */
export function lockedError(remainingMs: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(remainingMs / 1000));
  const minutes = Math.ceil(retryAfter / 60);
  return new AppError(
    'account_locked',
    `Too many failed sign-ins: the account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}`,
    { retryAfter },
  );
}

export async function clearSignInFailures(db: Executor, id: string): Promise<void> {
  await updateUser(db, id, { failedLoginCount: 0, lockedUntil: null });
}

/** OWNER_USERNAME naming an Administrator while no owner exists: that Administrator becomes the owner. */
export async function promoteToOwner(db: Executor, id: string): Promise<void> {
  await updateUser(db, id, { role: 'owner', updatedAt: new Date().toISOString() });
}

export interface UserChangeHooks {
  /** Called after any change that alters what a user's credentials may do (role, status, existence, profile). */
  onUserChanged: () => void;
}

export function createUsersService(db: Kysely<Database>, hooks: UserChangeHooks, audit: AuditLog): UsersService {
  const targetOf = (user: UsersTable) => ({ type: 'user', id: user.id, name: user.username });
  const load = async (id: string): Promise<UsersTable> => {
    const user = await findUserById(db, id);
    if (user === undefined) throw new AppError('not_found', 'No such user');
    return user;
  };

  return {
    async list({ limit = 50, cursor, search }) {
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
      const rows = await listUsers(db, { search, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => presentUser(row)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.usernameKey, last.id]) : null,
        total: await countUsers(db, search),
      };
    },

    async get(id) {
      return presentUser(await load(id));
    },

    async update(actor, id, changes, origin) {
      const target = await load(id);
      const roleChanges = changes.role !== undefined && changes.role !== target.role;
      if (roleChanges) {
        assertMayActOn(actor, target, 'change the role of');
        assertMayGrant(actor, changes.role!);
      } else if (changes.email !== undefined || changes.displayName !== undefined) {
        if (target.id !== actor.userId) assertMayActOn(actor, target, 'edit');
      }
      const identity = { email: changes.email };
      if (changes.email !== undefined) await assertIdentityFree(db, identity, target.id);
      await claimIdentity(
        db,
        identity,
        () =>
          db.transaction().execute(async (trx) => {
            await updateUser(trx, target.id, {
              ...(roleChanges ? { role: changes.role } : {}),
              ...(changes.email !== undefined ? { email: changes.email, emailKey: changes.email.toLowerCase() } : {}),
              ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
              updatedAt: new Date().toISOString(),
            });
            if (roleChanges) await applyRoleChange(trx, target.id, changes.role!, actor.userId);
            await audit.record(trx, {
              ...performedBy(actor, origin),
              action: roleChanges ? 'user.role_change' : 'user.update',
              target: targetOf(target),
              details: {
                ...(roleChanges ? { role: { from: target.role, to: changes.role } } : {}),
                ...(changes.email !== undefined && changes.email !== target.email
                  ? { email: { from: target.email, to: changes.email } }
                  : {}),
                ...(changes.displayName !== undefined && changes.displayName !== target.displayName
                  ? { displayName: { from: target.displayName, to: changes.displayName } }
                  : {}),
              },
            });
          }),
        target.id,
      );
      hooks.onUserChanged();
      return presentUser(await load(id));
    },

    async setDisabled(actor, id, disabled, origin) {
      const target = await load(id);
      assertMayActOn(actor, target, disabled ? 'disable' : 'enable');
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        await updateUser(trx, target.id, { disabledAt: disabled ? (target.disabledAt ?? now) : null, updatedAt: now });
        if (disabled) await endSessionsOf(trx, target.id);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: disabled ? 'user.disable' : 'user.enable',
          target: targetOf(target),
        });
      });
      hooks.onUserChanged();
      return presentUser(await load(id));
    },

    async remove(actor, id, origin) {
      const target = await load(id);
      assertMayActOn(actor, target, 'delete');
      // Sessions, reset links and tokens go with the user through ON DELETE CASCADE.
      await db.transaction().execute(async (trx) => {
        await deleteUser(trx, target.id);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'user.delete',
          target: targetOf(target),
          details: { role: target.role, email: target.email },
        });
      });
      hooks.onUserChanged();
    },

    async transferOwnership(actor, id, origin) {
      assertOwner(actor, 'transfer ownership');
      const target = await load(id);
      if (target.id === actor.userId) throw new AppError('forbidden', 'You already own this controller');
      if (!mayTransferOwnership(actor.role, { role: target.role, disabled: target.disabledAt !== null })) {
        throw new AppError('forbidden', 'Ownership goes only to an active administrator: promote the user first');
      }
      await db.transaction().execute(async (trx) => {
        const now = new Date().toISOString();
        // Old owner first: the database allows one owner at a time.
        await updateUser(trx, actor.userId, { role: 'administrator', updatedAt: now });
        await updateUser(trx, target.id, { role: 'owner', updatedAt: now });
        await endSessionsOf(trx, actor.userId);
        await endSessionsOf(trx, target.id);
        await handOverBootstrapTokens(trx, actor.userId, target.id);
        await fitTokensToRole(trx, actor.userId, 'administrator', actor.userId);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'user.ownership_transfer',
          target: targetOf(target),
          details: { from: actor.userId, to: target.id },
        });
      });
      hooks.onUserChanged();
      return presentUser(await load(id));
    },
  };
}
