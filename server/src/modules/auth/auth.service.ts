import type { Kysely } from 'kysely';
import type { AuthStatus, LoginRequest, SetupRequest } from '@telegraf-controller/contract/auth';
import type { User } from '@telegraf-controller/contract/users';
import type { Database, UsersTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { DECOY_HASH, hashPassword, verifyPassword } from '../../lib/passwords.js';
import type { SettingsService } from '../settings/settings.service.js';
import { presentUser } from '../users/users.presenter.js';
import { findOwner, findUserByLogin, insertUser, updateUser } from '../users/users.repo.js';
import { assertIdentityFree, newUserRow } from '../users/users.service.js';
import { assertStrongPassword } from './password-policy.js';

export interface AuthService {
  status(): Promise<AuthStatus>;
  setup(request: SetupRequest): Promise<User>;
  /** Checks the credentials with lockout; returns the user to start a session for. */
  verifyLogin(request: LoginRequest): Promise<UsersTable>;
}

export function createAuthService(db: Kysely<Database>, settings: SettingsService): AuthService {
  return {
    async status() {
      return { setupRequired: (await findOwner(db)) === undefined, providers: ['local'] };
    },

    async setup({ username, email, password }) {
      if (await findOwner(db)) throw new AppError('owner_exists', 'The owner account exists already; sign in');
      assertStrongPassword(password, (await settings.get()).passwordComplexity, '/password');
      await assertIdentityFree(db, { username, email });
      const row = newUserRow({ username, email, role: 'owner', passwordHash: await hashPassword(password) });
      try {
        await insertUser(db, row);
      } catch (error) {
        // Two setups at once: the one-owner index lets only the first through.
        if (await findOwner(db)) throw new AppError('owner_exists', 'The owner account exists already; sign in');
        throw error;
      }
      return presentUser(row);
    },

    async verifyLogin({ username, password }) {
      const user = await findUserByLogin(db, username);
      if (user === undefined || user.passwordHash === null) {
        await verifyPassword(DECOY_HASH, password);
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      const now = Date.now();
      if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now) {
        throw locked(Date.parse(user.lockedUntil) - now);
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const { loginLockoutAttempts, loginLockoutMinutes } = await settings.get();
        const failures = user.failedLoginCount + 1;
        if (failures >= loginLockoutAttempts) {
          const until = new Date(now + loginLockoutMinutes * 60_000).toISOString();
          await updateUser(db, user.id, { failedLoginCount: 0, lockedUntil: until });
          throw locked(loginLockoutMinutes * 60_000);
        }
        await updateUser(db, user.id, { failedLoginCount: failures });
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      if (user.disabledAt !== null) throw new AppError('account_disabled', 'This account is disabled');
      if (user.failedLoginCount !== 0 || user.lockedUntil !== null) {
        await updateUser(db, user.id, { failedLoginCount: 0, lockedUntil: null });
      }
      return user;
    },
  };
}

function locked(remainingMs: number): AppError {
  const retryAfter = Math.max(1, Math.ceil(remainingMs / 1000));
  const minutes = Math.ceil(retryAfter / 60);
  return new AppError(
    'account_locked',
    `Too many failed sign-ins: the account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}`,
    { retryAfter },
  );
}
