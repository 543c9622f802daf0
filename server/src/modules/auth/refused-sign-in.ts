import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthProvider } from '@telegraf-controller/contract/users';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { originOf } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { lookUpLogin } from '../users/users.directory.js';

export interface RefusedSignIns {
  /** A refused sign-in (`user.login`, failure, with the error's code as the reason): best-effort, never in its way. */
  record(
    request: FastifyRequest,
    refusal: { provider: AuthProvider; username: string | null; error: unknown },
  ): Promise<void>;
}

/**
 * The typed name is kept only when it names an account (then with the account's id and name): what people type
 * into the username field is sometimes their password, which must not stay in the log.
 */
export function createRefusedSignIns(db: Kysely<Database>, audit: AuditLog): RefusedSignIns {
  return {
    async record(request, { provider, username, error }) {
      if (!audit.enabled) return;
      const account = username === null ? undefined : await lookUpLogin(db, username).catch(() => undefined);
      await audit.recordBestEffort({
        action: 'user.login',
        outcome: 'failure',
        actor: { type: 'user', id: account?.id ?? null, name: account?.username ?? null },
        ...originOf(request),
        details: {
          provider,
          reason: error instanceof AppError ? error.code : 'internal',
          ...(username !== null && account === undefined ? { unknownAccount: true } : {}),
        },
      });
    },
  };
}
