import type { Kysely } from 'kysely';
import type { AccountUpdate, PasswordChange, User } from '@telegraf-controller/contract/users';
import type { Database } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { endSessionsOf } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { presentUser } from '../users/users.presenter.js';
import { lookUpUser } from '../users/users.directory.js';
import {
  assertIdentityFree,
  changePasswordHash,
  changeProfile,
  claimIdentity,
  type UserChangeHooks,
} from '../users/users.service.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

export interface AccountService {
  get(actor: Identity): Promise<User>;
  update(actor: Identity, changes: AccountUpdate, origin: RequestOrigin): Promise<User>;
  /** Keeps the session it came from; every other session of the user ends. */
  changePassword(
    actor: Identity,
    change: PasswordChange,
    currentSessionId: string | undefined,
    origin: RequestOrigin,
  ): Promise<void>;
}

function assertSession(actor: Identity): void {
  if (actor.via !== 'session')
    throw new AppError('forbidden', 'Your account is managed when signed in, not with a token');
}

export function createAccountService(
  db: Kysely<Database>,
  settings: SettingsService,
  hooks: UserChangeHooks,
  audit: AuditLog,
): AccountService {
  const load = async (actor: Identity) => {
    const user = await lookUpUser(db, actor.userId);
    if (user === undefined) throw new AppError('unauthorized', 'Your account no longer exists');
    return user;
  };
  return {
    async get(actor) {
      return presentUser(await load(actor));
    },

    async update(actor, { username, email, displayName }, origin) {
      assertSession(actor);
      const user = await load(actor);
      await assertIdentityFree(db, { username, email }, user.id);
      await claimIdentity(
        db,
        { username, email },
        () =>
          db.transaction().execute(async (trx) => {
            await changeProfile(trx, user.id, { username, email, displayName });
            const changed = { username: [user.username, username], email: [user.email, email] } as const;
            await audit.record(trx, {
              ...performedBy(actor, origin),
              action: 'account.update',
              target: { type: 'user', id: user.id, name: username ?? user.username },
              details: Object.fromEntries(
                Object.entries({ ...changed, displayName: [user.displayName, displayName] })
                  .filter(([, [from, to]]) => to !== undefined && to !== from)
                  .map(([field, [from, to]]) => [field, { from, to }]),
              ),
            });
          }),
        user.id,
      );
      hooks.onUserChanged();
      return presentUser(await load(actor));
    },

    async changePassword(actor, { currentPassword, newPassword }, currentSessionId, origin) {
      assertSession(actor);
      const user = await load(actor);
      if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError('validation_failed', 'The current password is not right', {
          errors: [{ pointer: '/currentPassword', message: 'is not your current password' }],
        });
      }
      assertStrongPassword(newPassword, (await settings.get()).passwordComplexity, '/newPassword');
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await changePasswordHash(trx, user.id, passwordHash);
        await endSessionsOf(trx, user.id, currentSessionId);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'account.password_change',
          target: { type: 'user', id: user.id, name: user.username },
        });
      });
    },
  };
}
