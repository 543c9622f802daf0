import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { rolePermissions } from '@telegraf-controller/contract/permissions';
import type { Database, UsersTable } from '../../db/schema.js';
import type { Authenticator, Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import type { AuthProvider } from '@telegraf-controller/contract/users';
import { originOf } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import {
  clearSecondFactorPending,
  deleteSession,
  deleteSessionsEndedBefore,
  deleteSessionsOfUser,
  findSessionWithUser,
  insertSession,
  takeSession,
  touchSession,
} from './sessions.repo.js';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  readCookie,
  setSessionCookie,
  signSessionToken,
  verifySessionCookie,
} from './session-cookie.js';

/** A session ends 24 h after sign-in, or after 8 h without a request, whichever comes first. */
export const SESSION_ABSOLUTE_SECONDS = 24 * 3600;
export const SESSION_IDLE_SECONDS = 8 * 3600;
const TOUCH_EVERY_MS = 60_000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SessionsSettings {
  secret: string;
  /** Origins besides the request's own that may send cookie-authenticated writes (the UI port, PUBLIC_UI_URL). */
  isTrustedOrigin: (origin: string, request: FastifyRequest) => boolean;
}

export interface SessionExtras {
  /** How the user signed in, for the audit log's `user.login`. */
  provider: AuthProvider;
  /** The session may only enrol a second factor until the user has one. */
  secondFactorPending?: boolean;
  /** A single sign-on's ID token, to end the provider's session at logout. */
  idToken?: string;
}

export interface SessionsService {
  /** Signs the user in: a new server-side session and its cookie on the reply. */
  /** Starts the session and records `user.login`, together. */
  start(
    reply: FastifyReply,
    user: Pick<UsersTable, 'id' | 'username'>,
    request: FastifyRequest,
    extras: SessionExtras,
  ): Promise<void>;
  /** Ends this request's session and records `user.logout`; answers the ID token a single sign-on kept with it. */
  end(request: FastifyRequest, reply: FastifyReply): Promise<{ idToken: string | null } | undefined>;
  authenticate: Authenticator;
  /** The id of the session this request came with, if it came with one. */
  currentSessionId(request: FastifyRequest): string | undefined;
}

/** Deletes sessions past their absolute or idle end; run hourly (they are refused at use time anyway). */
export async function purgeEndedSessions(db: Kysely<Database>): Promise<void> {
  const now = Date.now();
  await deleteSessionsEndedBefore(
    db,
    new Date(now).toISOString(),
    new Date(now - SESSION_IDLE_SECONDS * 1000).toISOString(),
  );
}

/** Ends every session of the user, inside the caller's transaction (role change, disable, transfer, ...). */
export async function endSessionsOf(trx: Transaction<Database>, userId: string, exceptId?: string): Promise<void> {
  await deleteSessionsOfUser(trx, userId, exceptId);
}

/** The user enrolled the second factor their role requires: this session may now do what the role grants. */
export async function releaseSecondFactorHold(db: Kysely<Database>, sessionId: string): Promise<void> {
  await clearSecondFactorPending(db, sessionId);
}

/**
 * The identity of a signed-in user: every permission of their role, or none while the session waits for the
 * second factor their role requires.
 */
export function identityOf(user: UsersTable, secondFactorPending = false): Identity {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    permissions: secondFactorPending ? new Set() : rolePermissions(user.role),
    via: 'session',
    profile: { email: user.email, displayName: user.displayName, createdAt: user.createdAt },
    ...(secondFactorPending ? { secondFactorPending: true as const } : {}),
  };
}

export function createSessionsService(
  db: Kysely<Database>,
  settings: SessionsSettings,
  audit: AuditLog,
): SessionsService {
  const sessionIdOf = (request: FastifyRequest): string | undefined => {
    const cookie = readCookie(request, SESSION_COOKIE);
    const token = cookie === undefined ? undefined : verifySessionCookie(settings.secret, cookie);
    return token === undefined ? undefined : sha256Hex(token);
  };

  const checkCsrf = (request: FastifyRequest) => {
    if (!UNSAFE.has(request.method)) return;
    if (request.headers['x-requested-with'] !== 'XMLHttpRequest') {
      throw new AppError('csrf_failed', 'Cookie-authenticated writes must send "X-Requested-With: XMLHttpRequest"');
    }
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const own = `${request.protocol}://${request.host}`;
    if (origin !== own && !settings.isTrustedOrigin(origin, request)) {
      throw new AppError('csrf_failed', `Requests from ${origin.slice(0, 200)} may not use this session`);
    }
  };

  return {
    async start(reply, user, request, { provider, secondFactorPending = false, idToken }) {
      const token = randomToken();
      const now = new Date();
      const session = {
        id: sha256Hex(token),
        userId: user.id,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000).toISOString(),
        ip: request.ip.slice(0, 64),
        userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
        secondFactorPending: secondFactorPending ? 1 : 0,
        idToken: idToken ?? null,
      };
      await db.transaction().execute(async (trx) => {
        await insertSession(trx, session);
        await audit.record(trx, {
          action: 'user.login',
          actor: { type: 'user', id: user.id, name: user.username },
          ...originOf(request),
          target: { type: 'user', id: user.id, name: user.username },
          details: { provider, ...(secondFactorPending ? { secondFactorPending } : {}) },
        });
      });
      setSessionCookie(reply, signSessionToken(settings.secret, token), SESSION_ABSOLUTE_SECONDS);
    },

    async end(request, reply) {
      const id = sessionIdOf(request);
      const ended =
        id === undefined
          ? undefined
          : await db.transaction().execute(async (trx) => {
              const taken = await takeSession(trx, id);
              if (taken !== undefined) {
                await audit.record(trx, {
                  action: 'user.logout',
                  actor: { type: 'user', id: taken.userId, name: null },
                  ...originOf(request),
                  target: { type: 'user', id: taken.userId, name: null },
                });
              }
              return taken;
            });
      clearSessionCookie(reply);
      return ended;
    },

    currentSessionId: sessionIdOf,

    async authenticate(request) {
      const id = sessionIdOf(request);
      if (id === undefined) return null;
      const found = await findSessionWithUser(db, id);
      const now = Date.now();
      if (
        found === undefined ||
        Date.parse(found.session.expiresAt) <= now ||
        Date.parse(found.session.lastSeenAt) + SESSION_IDLE_SECONDS * 1000 <= now ||
        found.user.disabledAt !== null
      ) {
        if (found !== undefined) await deleteSession(db, id);
        throw new AppError('unauthorized', 'Your session has ended; sign in again');
      }
      checkCsrf(request);
      if (now - Date.parse(found.session.lastSeenAt) > TOUCH_EVERY_MS) {
        await touchSession(db, id, new Date(now).toISOString());
      }
      return identityOf(found.user, found.session.secondFactorPending === 1);
    },
  };
}
