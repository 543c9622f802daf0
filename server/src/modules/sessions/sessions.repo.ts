import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionsTable, UsersTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Executor, session: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export async function findSessionWithUser(
  db: Executor,
  id: string,
): Promise<{ session: Omit<SessionsTable, 'idToken'>; user: UsersTable } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .selectAll('users')
    .select([
      'sessions.id as sessionId',
      'sessions.createdAt as sessionCreatedAt',
      'sessions.lastSeenAt as sessionLastSeenAt',
      'sessions.expiresAt as sessionExpiresAt',
      'sessions.ip as sessionIp',
      'sessions.userAgent as sessionUserAgent',
      'sessions.secondFactorPending as sessionSecondFactorPending',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const {
    sessionId,
    sessionCreatedAt,
    sessionLastSeenAt,
    sessionExpiresAt,
    sessionIp,
    sessionUserAgent,
    sessionSecondFactorPending,
    ...user
  } = row;
  return {
    session: {
      id: sessionId,
      userId: user.id,
      createdAt: sessionCreatedAt,
      lastSeenAt: sessionLastSeenAt,
      expiresAt: sessionExpiresAt,
      ip: sessionIp,
      userAgent: sessionUserAgent,
      secondFactorPending: sessionSecondFactorPending,
    },
    user,
  };
}

export async function touchSession(db: Executor, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt }).where('id', '=', id).execute();
}

/** The user enrolled a second factor: this session may do what their role grants. */
export async function clearSecondFactorPending(db: Executor, id: string): Promise<void> {
  await db.updateTable('sessions').set({ secondFactorPending: 0 }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Deletes the session and answers the ID token it kept (undefined when there was no such session). */
export async function takeSession(
  db: Executor,
  id: string,
): Promise<{ userId: string; idToken: string | null } | undefined> {
  return db.deleteFrom('sessions').where('id', '=', id).returning(['userId', 'idToken']).executeTakeFirst();
}

export async function deleteSessionsOfUser(db: Executor, userId: string, exceptId?: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .execute();
}

export async function deleteSessionsEndedBefore(db: Executor, now: string, idleSince: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', idleSince)]))
    .execute();
}
