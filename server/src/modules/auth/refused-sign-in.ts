import type { FastifyRequest } from 'fastify';
import type { AuthProvider } from '@telegraf-controller/contract/users';
import { AppError } from '../../http/errors.js';
import { originOf } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

/** A refused sign-in (`user.login`, failure, with the error's code as the reason): best-effort, never in its way. */
export async function recordRefusedSignIn(
  audit: AuditLog,
  request: FastifyRequest,
  { provider, username, error }: { provider: AuthProvider; username: string | null; error: unknown },
): Promise<void> {
  await audit.recordBestEffort({
    action: 'user.login',
    outcome: 'failure',
    actor: { type: 'user', id: null, name: username },
    ...originOf(request),
    details: { provider, reason: error instanceof AppError ? error.code : 'internal' },
  });
}
