import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '@telegraf-controller/contract/permissions';
import type {
  RecoveryCodes,
  SecondFactorCode,
  SecondFactorEnrolment,
  SecondFactorEnrolmentRequest,
  SecondFactorRemoval,
  SecondFactorStatus,
} from '@telegraf-controller/contract/second-factor';
import type { Database, SecondFactorsTable, UsersTable } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { equalInConstantTime } from '../../lib/crypto.js';
import { verifyPassword } from '../../lib/passwords.js';
import { endSessionsOf, releaseSecondFactorHold } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { lookUpUser } from '../users/users.directory.js';
import { countFailedAttempt, lockedError } from '../users/users.service.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { SecretBox } from './sealed-secret.js';
import {
  acceptStep,
  confirmPendingSeed,
  deleteSecondFactor,
  findSecondFactor,
  savePendingSeed,
  swapRecoveryCodes,
} from './second-factor.repo.js';
import { base32, matchTotp, newTotpSeed, otpauthUri } from './totp.js';

const ISSUER = 'Telegraf Controller';
const RECOVERY_CODE_COUNT = 10;

/** What the second factor says about a local sign-in whose password was right. */
export type SignInFactor = 'passed' | 'not_enrolled' | 'missing' | 'wrong' | 'replayed' | 'unreadable';

export interface SecondFactorService {
  status(actor: Identity): Promise<SecondFactorStatus>;
  /** A new seed, kept pending (the one in use, if any, stays) until `confirm` gets a code from it. */
  begin(actor: Identity, request: SecondFactorEnrolmentRequest): Promise<SecondFactorEnrolment>;
  /** The pending seed is now the one in use; new recovery codes; this session may do what the role grants. */
  confirm(
    actor: Identity,
    request: SecondFactorCode,
    sessionId: string | undefined,
    origin: RequestOrigin,
  ): Promise<RecoveryCodes>;
  newRecoveryCodes(actor: Identity, request: SecondFactorCode, origin: RequestOrigin): Promise<RecoveryCodes>;
  remove(actor: Identity, request: SecondFactorRemoval, origin: RequestOrigin): Promise<void>;
  /** Whether a user has a second factor (for the Users page). */
  enrolled(userId: string): Promise<boolean>;
  /** The owner removes another user's second factor (a lost device); they enrol again at their next sign-in. */
  reset(actor: Identity, userId: string, origin: RequestOrigin): Promise<void>;
  /** At local sign-in, once the password is right: a code from the app, or a recovery code, used up. */
  checkAtSignIn(user: UsersTable, code: string | undefined, nowMs: number): Promise<SignInFactor>;
  /** The role must have a second factor to sign in locally (Settings). */
  isRequired(role: Role): Promise<boolean>;
}

/** Removes a user's second factor, in the caller's transaction (RESET_OWNER_PASSWORD). */
export async function removeSecondFactorOf(trx: Transaction<Database>, userId: string): Promise<void> {
  await deleteSecondFactor(trx, userId);
}

/** A user who signs in with a local password: local users, and the owner whatever their provider. */
export const signsInLocally = (user: Pick<UsersTable, 'authProvider' | 'role'>): boolean =>
  user.authProvider === 'local' || user.role === 'owner';

/** Recovery codes as typed: case, spaces and dashes do not matter. */
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const newRecoveryCode = () => base32(randomBytes(7)).slice(0, 10).toLowerCase();
const showRecoveryCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

export function createSecondFactorService(
  db: Kysely<Database>,
  settings: SettingsService,
  box: SecretBox,
  audit: AuditLog,
): SecondFactorService {
  /**
   * A change and its audit entry, in one transaction; `change` answers false when its compare-and-set lost, which
   * throws `lost` (and leaves no entry).
   */
  const recorded = (
    by: { actor: Identity; origin: RequestOrigin; action: string; target: UsersTable },
    change: (trx: Transaction<Database>) => Promise<boolean>,
    lost: AppError,
  ) =>
    db.transaction().execute(async (trx) => {
      if (!(await change(trx))) throw lost;
      await audit.record(trx, {
        ...performedBy(by.actor, by.origin),
        action: by.action,
        target: { type: 'user', id: by.target.id, name: by.target.username },
      });
    });
  const isRequired = async (role: Role) => (await settings.get()).secondFactorRoles.includes(role);

  const loadLocalUser = async (actor: Identity) => {
    if (actor.via !== 'session') {
      throw new AppError('forbidden', 'Your second factor is managed when signed in, not with a token');
    }
    const user = await lookUpUser(db, actor.userId);
    if (user === undefined) throw new AppError('unauthorized', 'Your account no longer exists');
    if (!signsInLocally(user)) {
      throw new AppError(
        'forbidden',
        'You sign in through your directory or identity provider, which keeps your second factor',
      );
    }
    return user;
  };

  const assertPassword = async (user: UsersTable, password: string) => {
    if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, password))) {
      throw new AppError('validation_failed', 'The password is not right', {
        errors: [{ pointer: '/password', message: 'is not your current password' }],
      });
    }
  };

  const openSeed = (sealed: string | null): Buffer | undefined => {
    const text = sealed === null ? undefined : box.open(sealed);
    return text === undefined ? undefined : Buffer.from(text, 'base64url');
  };
  const openRecoveryCodes = (factor: SecondFactorsTable): string[] | undefined => {
    const text = factor.recoveryCodes === null ? undefined : box.open(factor.recoveryCodes);
    return text === undefined ? undefined : (JSON.parse(text) as string[]);
  };

  const wrongCode = () =>
    new AppError('validation_failed', 'The code is not the one your app shows now', {
      errors: [{ pointer: '/code', message: 'is not the current code of your authenticator app' }],
    });

  /**
   * A code of the seed in use, accepted once: its step is recorded so that it cannot be used again. A wrong one
   * counts toward the lockout as at sign-in; the lockout ends the user's sessions, this one included.
   */
  const acceptCurrentCode = async (user: UsersTable, code: string) => {
    const factor = await findSecondFactor(db, user.id);
    const seed = openSeed(factor?.seed ?? null);
    if (seed === undefined) throw new AppError('not_found', 'You have no second factor');
    const now = Date.now();
    const step = matchTotp(seed, code, now);
    if (step !== undefined && (await acceptStep(db, user.id, step))) return;
    const lockedFor = await countFailedAttempt(db, user.id, await settings.get(), now);
    if (lockedFor !== undefined) {
      await db.transaction().execute((trx) => endSessionsOf(trx, user.id));
      throw lockedError(lockedFor);
    }
    throw wrongCode();
  };

  const sealNewRecoveryCodes = () => {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    return { sealed: box.seal(JSON.stringify(codes)), shown: { recoveryCodes: codes.map(showRecoveryCode) } };
  };

  return {
    isRequired,

    async enrolled(userId) {
      if ((await lookUpUser(db, userId)) === undefined) throw new AppError('not_found', 'No such user');
      return ((await findSecondFactor(db, userId))?.seed ?? null) !== null;
    },

    async status(actor) {
      const user = await lookUpUser(db, actor.userId);
      if (user === undefined) throw new AppError('unauthorized', 'Your account no longer exists');
      const factor = await findSecondFactor(db, user.id);
      const enrolled = factor?.seed !== null && factor?.seed !== undefined;
      return {
        available: signsInLocally(user),
        enrolled,
        required: signsInLocally(user) && (await isRequired(user.role)),
        enrolledAt: enrolled ? factor.enrolledAt : null,
        recoveryCodesLeft: enrolled ? (openRecoveryCodes(factor)?.length ?? 0) : 0,
      };
    },

    async begin(actor, { password }) {
      const user = await loadLocalUser(actor);
      await assertPassword(user, password);
      const seed = newTotpSeed();
      await savePendingSeed(db, user.id, box.seal(seed.toString('base64url')), new Date().toISOString());
      return { secret: base32(seed), uri: otpauthUri(seed, ISSUER, user.username) };
    },

    async confirm(actor, { code }, sessionId, origin) {
      const user = await loadLocalUser(actor);
      const pending = (await findSecondFactor(db, user.id))?.pendingSeed ?? null;
      const seed = openSeed(pending);
      if (pending === null || seed === undefined) {
        throw new AppError('not_found', 'No enrolment is under way: start one first');
      }
      const step = matchTotp(seed, code, Date.now());
      if (step === undefined) throw wrongCode();
      const recovery = sealNewRecoveryCodes();
      await recorded(
        { actor, origin, action: 'user.second_factor.enrol', target: user },
        (trx) =>
          confirmPendingSeed(trx, user.id, pending, {
            lastStep: step,
            recoveryCodes: recovery.sealed,
            now: new Date().toISOString(),
          }),
        new AppError('conflict', 'Another enrolment started meanwhile: scan its code instead'),
      );
      if (sessionId !== undefined) await releaseSecondFactorHold(db, sessionId);
      return recovery.shown;
    },

    async newRecoveryCodes(actor, { code }, origin) {
      const user = await loadLocalUser(actor);
      await acceptCurrentCode(user, code);
      const recovery = sealNewRecoveryCodes();
      const factor = (await findSecondFactor(db, user.id))!;
      const now = new Date().toISOString();
      await recorded(
        { actor, origin, action: 'user.second_factor.recovery_codes', target: user },
        async (trx) =>
          factor.recoveryCodes !== null && swapRecoveryCodes(trx, user.id, factor.recoveryCodes, recovery.sealed, now),
        new AppError('conflict', 'Your recovery codes changed meanwhile: try again'),
      );
      return recovery.shown;
    },

    async remove(actor, { password }, origin) {
      const user = await loadLocalUser(actor);
      await assertPassword(user, password);
      if (await isRequired(user.role)) {
        throw new AppError(
          'forbidden',
          'Your role requires a second factor: enrol a new device instead of removing it',
        );
      }
      await recorded(
        { actor, origin, action: 'user.second_factor.remove', target: user },
        (trx) => deleteSecondFactor(trx, user.id),
        new AppError('not_found', 'You have no second factor'),
      );
    },

    async reset(actor, userId, origin) {
      if (actor.role !== 'owner' || actor.via !== 'session') {
        throw new AppError('forbidden', "Only the owner, signed in, may reset another user's second factor");
      }
      if (userId === actor.userId) {
        throw new AppError('forbidden', 'Your own second factor is managed on the Account page, with your password');
      }
      const target = await lookUpUser(db, userId);
      if (target === undefined) throw new AppError('not_found', 'No such user');
      await recorded(
        { actor, origin, action: 'user.second_factor.reset', target },
        (trx) => deleteSecondFactor(trx, userId),
        new AppError('not_found', 'This user has no second factor'),
      );
    },

    async checkAtSignIn(user, given, nowMs) {
      const factor = await findSecondFactor(db, user.id);
      if (factor === undefined || factor.seed === null) return 'not_enrolled';
      if (given === undefined) return 'missing';
      // Apps show "123 456", recovery codes are shown "abcde-fghij": spaces never matter.
      const code = given.replace(/\s/g, '');
      const seed = openSeed(factor.seed);
      if (seed === undefined) return 'unreadable';
      if (/^[0-9]{6}$/.test(code)) {
        const step = matchTotp(seed, code, nowMs);
        if (step === undefined) return 'wrong';
        return (await acceptStep(db, user.id, step)) ? 'passed' : 'replayed';
      }
      const codes = openRecoveryCodes(factor);
      if (codes === undefined) return 'unreadable';
      const typed = normalizeRecoveryCode(code);
      // Each stored code is compared in constant time, and all of them are, so the time taken tells nothing.
      const matches = codes.map((stored) => equalInConstantTime(stored, typed));
      const index = matches.indexOf(true);
      if (index < 0) return 'wrong';
      const left = box.seal(JSON.stringify(codes.filter((_, i) => i !== index)));
      const used = await swapRecoveryCodes(db, user.id, factor.recoveryCodes!, left, new Date(nowMs).toISOString());
      return used ? 'passed' : 'replayed';
    },
  };
}
