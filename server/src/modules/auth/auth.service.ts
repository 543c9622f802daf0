import type { Kysely } from 'kysely';
import type { AuthProvider } from '@telegraf-controller/contract/users';
import type { AuthStatus, LoginRequest, SetupRequest } from '@telegraf-controller/contract/auth';
import type { User } from '@telegraf-controller/contract/users';
import type { Database, UsersTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { DECOY_HASH, hashPassword, verifyPassword } from '../../lib/passwords.js';
import type { SettingsService } from '../settings/settings.service.js';
import { presentUser } from '../users/users.presenter.js';
import { lookUpLogin, lookUpOwner } from '../users/users.directory.js';
import {
  addUser,
  assertIdentityFree,
  claimIdentity,
  clearSignInFailures,
  countFailedAttempt,
  lockedError,
  newUserRow,
} from '../users/users.service.js';
import { signsInLocally, type SecondFactorService, type SignInFactor } from '../second-factor/second-factor.service.js';
import type { RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { assertStrongPassword } from './password-policy.js';

export interface AuthService {
  status(): Promise<AuthStatus>;
  setup(request: SetupRequest, origin: RequestOrigin): Promise<User>;
  /**
   * Checks the credentials, the second factor included, with lockout; returns the user to start a session for, and
   * whether that session must enrol the second factor their role requires before anything else.
   */
  verifyLogin(request: LoginRequest): Promise<{ user: UsersTable; secondFactorPending: boolean }>;
}

export function createAuthService(
  db: Kysely<Database>,
  settings: SettingsService,
  secondFactor: SecondFactorService,
  audit: AuditLog,
  providers: readonly AuthProvider[],
  /** The single sign-on button's label (the settings' override, else AUTH_OIDC_DISPLAY_NAME), when OIDC is on. */
  oidcDisplayName?: () => Promise<string>,
): AuthService {
  const unknownNames = createUnknownNameLockout();
  return {
    async status() {
      return {
        setupRequired: (await lookUpOwner(db)) === undefined,
        providers: [...providers],
        ...(oidcDisplayName === undefined ? {} : { oidcDisplayName: await oidcDisplayName() }),
      };
    },

    async setup({ username, email, password }, origin) {
      if (!providers.includes('local')) {
        throw new AppError(
          'provider_disabled',
          'Setup sets a local password, which is turned off (AUTH_LOCAL_ENABLED)',
        );
      }
      if (await lookUpOwner(db)) throw new AppError('owner_exists', 'The owner account exists already; sign in');
      assertStrongPassword(password, (await settings.get()).passwordComplexity, '/password');
      await assertIdentityFree(db, { username, email });
      const row = newUserRow({ username, email, role: 'owner', passwordHash: await hashPassword(password) });
      try {
        await claimIdentity(db, { username, email }, () =>
          db.transaction().execute(async (trx) => {
            await addUser(trx, row);
            await audit.record(trx, {
              action: 'user.setup',
              actor: { type: 'user', id: row.id, name: row.username },
              ...origin,
              target: { type: 'user', id: row.id, name: row.username },
              details: { role: 'owner' },
            });
          }),
        );
      } catch (error) {
        // Two setups at once: the one-owner index lets only the first through.
        if (await lookUpOwner(db)) throw new AppError('owner_exists', 'The owner account exists already; sign in');
        throw error;
      }
      return presentUser(row);
    },

    async verifyLogin({ username, password, code }) {
      if (!providers.includes('local')) {
        throw new AppError('provider_disabled', 'Sign-in with a local password is turned off (AUTH_LOCAL_ENABLED)');
      }
      const now = Date.now();
      const found = await lookUpLogin(db, username);
      // A user of a directory or identity provider signs in there; only the owner keeps a local password too.
      const user = found !== undefined && signsInLocally(found) ? found : undefined;
      if (user === undefined || user.passwordHash === null) {
        // Unknown names fail and lock exactly like real accounts, so 423 never tells which accounts exist.
        const lockedFor = unknownNames.lockedFor(username, now);
        if (lockedFor > 0) throw lockedError(lockedFor);
        await verifyPassword(DECOY_HASH, password);
        const { loginLockoutAttempts, loginLockoutMinutes } = await settings.get();
        if (unknownNames.fail(username, now, loginLockoutAttempts, loginLockoutMinutes)) {
          throw lockedError(loginLockoutMinutes * 60_000);
        }
        throw new AppError('invalid_credentials', 'Wrong username or password');
      }
      if (user.lockedUntil !== null && Date.parse(user.lockedUntil) > now) {
        throw lockedError(Date.parse(user.lockedUntil) - now);
      }
      const failSignIn = async (error: AppError): Promise<never> => {
        const lockedFor = await countFailedAttempt(db, user.id, await settings.get(), now);
        throw lockedFor === undefined ? error : lockedError(lockedFor);
      };
      if (!(await verifyPassword(user.passwordHash, password))) {
        return failSignIn(new AppError('invalid_credentials', 'Wrong username or password'));
      }
      if (user.disabledAt !== null) throw new AppError('account_disabled', 'This account is disabled');
      const factor = await secondFactor.checkAtSignIn(user, code, now);
      if (factor === 'missing') {
        throw new AppError(
          'second_factor_required',
          'Enter the six-digit code from your authenticator app, or one of your recovery codes',
        );
      }
      if (factor === 'unreadable') {
        throw new AppError(
          'second_factor_unreadable',
          'Your second factor cannot be read since the session secret changed: ask the owner to reset it',
        );
      }
      if (factor === 'wrong' || factor === 'replayed') {
        return failSignIn(new AppError('invalid_second_factor', WRONG_FACTOR[factor]));
      }
      if (user.failedLoginCount !== 0 || user.lockedUntil !== null) {
        await clearSignInFailures(db, user.id);
      }
      return {
        user,
        secondFactorPending: factor === 'not_enrolled' && (await secondFactor.isRequired(user.role)),
      };
    },
  };
}

/**
 * Failed sign-ins for names no account holds, counted and locked as the database does for real accounts. In
 * memory and bounded: the name that failed longest ago is forgotten first.
 */
function createUnknownNameLockout(maxNames = 10_000) {
  const names = new Map<string, { failures: number; lockedUntil: number }>();
  return {
    lockedFor(name: string, now: number): number {
      const entry = names.get(name.toLowerCase());
      return entry === undefined ? 0 : Math.max(0, entry.lockedUntil - now);
    },
    /** Counts a failure; true when it locks the name. */
    fail(name: string, now: number, attempts: number, minutes: number): boolean {
      const key = name.toLowerCase();
      const entry = names.get(key) ?? { failures: 0, lockedUntil: 0 };
      names.delete(key);
      entry.failures += 1;
      const locks = entry.failures >= attempts;
      if (locks) Object.assign(entry, { failures: 0, lockedUntil: now + minutes * 60_000 });
      names.set(key, entry);
      if (names.size > maxNames) names.delete(names.keys().next().value!);
      return locks;
    },
  };
}

const WRONG_FACTOR: Record<Extract<SignInFactor, 'wrong' | 'replayed'>, string> = {
  wrong: 'That code is not right: use the one your authenticator app shows now, or a recovery code not used yet',
  replayed: 'That code was used already: wait for the next one your app shows',
};
