import type { Kysely, Transaction } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.js';
import {
  findOwner,
  findTakenIdentity,
  findUserByExternalId,
  findUserById,
  findUserByLogin,
  listActiveExternal,
} from './users.repo.js';

type Executor = Kysely<Database> | Transaction<Database>;

/*
 * The users module's read model: how other modules (auth, account, owner bootstrap, password resets, tokens) look
 * users up. They change users through the write functions of users.service.ts; users.repo.ts is the module's own.
 */

export async function lookUpUser(db: Executor, id: string): Promise<UsersTable | undefined> {
  return findUserById(db, id);
}

/** By username or email, without regard to case; a username match wins over an email match. */
export async function lookUpLogin(db: Executor, login: string): Promise<UsersTable | undefined> {
  return findUserByLogin(db, login);
}

/** The user a directory entry (LDAP DN) or an identity provider's `sub` is linked to. */
export async function lookUpExternal(
  db: Executor,
  provider: UsersTable['authProvider'],
  externalId: string,
): Promise<UsersTable | undefined> {
  return findUserByExternalId(db, provider, externalId);
}

/** Users of `provider` not disabled here, a page at a time (id order, after `afterId`). */
export async function lookUpActiveExternal(
  db: Executor,
  provider: UsersTable['authProvider'],
  afterId: string,
  limit: number,
): Promise<UsersTable[]> {
  return listActiveExternal(db, provider, afterId, limit);
}

export async function lookUpOwner(db: Executor): Promise<UsersTable | undefined> {
  return findOwner(db);
}

/** Which of the username and email another account (other than `exceptId`) already holds, if any. */
export async function lookUpTakenIdentity(
  db: Executor,
  identity: { username?: string; email?: string },
  exceptId?: string,
): Promise<'username' | 'email' | undefined> {
  if (identity.username === undefined && identity.email === undefined) return undefined;
  return findTakenIdentity(
    db,
    { usernameKey: identity.username?.toLowerCase(), emailKey: identity.email?.toLowerCase() },
    exceptId,
  );
}
