import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { passwordProblems } from '@telegraf-controller/contract/auth';
import { Value } from 'typebox/value';
import { Email, Username } from '@telegraf-controller/contract/users';
import type { Database } from '../../db/schema.js';
import { hashPassword } from '../../lib/passwords.js';
import { OptionError, type Options } from '../../options.js';
import type { SettingsService } from '../settings/settings.service.js';
import { removeSecondFactorOf } from '../second-factor/second-factor.service.js';
import { endSessionsOf } from '../sessions/sessions.service.js';
import { lookUpLogin, lookUpOwner, lookUpTakenIdentity } from '../users/users.directory.js';
import { addUser, newUserRow, promoteToOwner, resetPasswordHash, type NewUser } from '../users/users.service.js';
import type { OwnerAnswers } from './owner-prompt.js';

export interface OwnerBootstrap {
  db: Kysely<Database>;
  options: Options;
  logger: Logger;
  settings: SettingsService;
  /** Asks on a terminal; absent when there is none or --no-interactive is set. */
  prompt?: (check: (answers: Partial<OwnerAnswers>) => Promise<string | undefined>) => Promise<OwnerAnswers>;
}

/**
 * On every start: RESET_OWNER_PASSWORD, then, while no owner exists, create one from --owner-* / OWNER_* or from
 * the terminal prompt; otherwise the web setup page will. An Administrator with the given username is promoted.
 */
export async function bootstrapOwner({ db, options, logger, settings, prompt }: OwnerBootstrap): Promise<void> {
  const { ownerUsername: username, ownerEmail: email, ownerPassword: password } = options;
  const level = (await settings.get()).passwordComplexity;
  const check = async (answers: Partial<OwnerAnswers>): Promise<string | undefined> => {
    if (answers.username !== undefined && !Value.Check(Username, answers.username)) {
      return 'the username needs 3 to 50 letters, digits, dots, dashes or underscores';
    }
    if (answers.email !== undefined && !Value.Check(Email, answers.email)) return 'the email is not a valid address';
    if (answers.password !== undefined) {
      const problems = passwordProblems(answers.password, level);
      if (problems.length > 0) return `the password needs ${problems.join(', ')} (complexity ${level})`;
    }
    const taken = await lookUpTakenIdentity(db, { username: answers.username, email: answers.email });
    return taken === undefined ? undefined : `that ${taken} belongs to another account`;
  };

  const owner = await lookUpOwner(db);
  if (options.resetOwnerPassword) {
    if (password === undefined) {
      logger.error('RESET_OWNER_PASSWORD is set without OWNER_PASSWORD: nothing was reset');
    } else if (owner !== undefined) {
      const problem = await check({ password });
      if (problem !== undefined) throw new OptionError(`--owner-password/OWNER_PASSWORD: ${problem}`);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await resetPasswordHash(trx, owner.id, passwordHash);
        // A lost authenticator is the other reason to reset: the owner enrols a new one after signing in.
        await removeSecondFactorOf(trx, owner.id);
        await endSessionsOf(trx, owner.id);
      });
      logger.warn(
        'the owner password and second factor were reset from OWNER_PASSWORD: remove RESET_OWNER_PASSWORD and OWNER_PASSWORD now, ' +
          'or it will be reset again at every start',
      );
    }
  }
  if (owner !== undefined) return;

  const given = [username, email, password].filter((value) => value !== undefined).length;
  if (given > 0 && given < 3) {
    throw new OptionError('--owner-username, --owner-email and --owner-password (OWNER_*) go together: set all three');
  }
  if (given === 3) {
    const existing = await lookUpLogin(db, username!);
    if (existing?.role === 'administrator' && existing.usernameKey === username!.toLowerCase()) {
      await promoteToOwner(db, existing.id);
      logger.warn({ username: existing.username }, 'the administrator named by OWNER_USERNAME is now the owner');
      return;
    }
    const problem = await check({ username, email, password });
    if (problem !== undefined) throw new OptionError(`the owner from --owner-*/OWNER_* cannot be created: ${problem}`);
    const external =
      options.ownerAuthProvider === 'ldap' && options.ownerExternalId !== undefined
        ? { provider: options.ownerAuthProvider, id: options.ownerExternalId, provisionedRole: null }
        : undefined;
    await createOwner(db, { username: username!, email: email!, password: password! }, external);
    logger.info({ username }, 'owner account created from the start-up options');
    return;
  }
  if (prompt !== undefined) {
    const answers = await prompt(check);
    await createOwner(db, answers);
    logger.info({ username: answers.username }, 'owner account created');
    return;
  }
  logger.info('no owner account yet: open the web UI to create it on the setup page');
}

/** The owner always has a local password (the way back in), also when they sign in through a directory. */
async function createOwner(db: Kysely<Database>, answers: OwnerAnswers, external?: NewUser['external']): Promise<void> {
  await addUser(
    db,
    newUserRow({
      username: answers.username,
      email: answers.email,
      role: 'owner',
      passwordHash: await hashPassword(answers.password),
      external,
    }),
  );
}
