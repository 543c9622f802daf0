import type { Kysely } from 'kysely';
import type { IssuedLink, PasswordResetPreview } from '@telegraf-controller/contract/users';
import type { Database } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { randomToken, sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { hashPassword } from '../../lib/passwords.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { endSessionsOf } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { lookUpUser } from '../users/users.directory.js';
import { assertMayActOn } from '../users/users.rules.js';
import { resetPasswordHash } from '../users/users.service.js';
import { deletePasswordResetsOf, findPasswordResetWithUser, insertPasswordReset } from './password-resets.repo.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

export interface PasswordResetsService {
  create(
    actor: Identity,
    userId: string,
    expiresInHours: number,
    uiBaseUrl: string,
    origin: RequestOrigin,
  ): Promise<IssuedLink>;
  preview(code: string): Promise<PasswordResetPreview>;
  complete(code: string, password: string, origin: RequestOrigin): Promise<void>;
}

const INVALID_LINK = 'This password-reset link is not valid: it was used, replaced or has expired';

export function createPasswordResetsService(
  db: Kysely<Database>,
  settings: SettingsService,
  audit: AuditLog,
): PasswordResetsService {
  const findLive = async (code: string) => {
    const found = await findPasswordResetWithUser(db, sha256Hex(code));
    if (found === undefined || Date.parse(found.reset.expiresAt) <= Date.now()) {
      throw new AppError('not_found', INVALID_LINK);
    }
    return found;
  };

  return {
    async create(actor, userId, expiresInHours, uiBaseUrl, origin) {
      const target = await lookUpUser(db, userId);
      if (target === undefined) throw new AppError('not_found', 'No such user');
      assertMayActOn(actor, target, 'reset the password of');
      const code = randomToken();
      const now = new Date();
      const reset = {
        id: newId(),
        codeHash: sha256Hex(code),
        userId: target.id,
        expiresAt: new Date(now.getTime() + expiresInHours * 3600_000).toISOString(),
        createdBy: actor.userId,
        createdAt: now.toISOString(),
      };
      // One live link per user: a new one replaces any earlier one.
      await db.transaction().execute(async (trx) => {
        await deletePasswordResetsOf(trx, target.id);
        await insertPasswordReset(trx, reset);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'user.password_reset_link',
          target: { type: 'user', id: target.id, name: target.username },
          details: { expiresAt: reset.expiresAt },
        });
      });
      return { id: reset.id, url: `${uiBaseUrl}/reset-password/${code}`, expiresAt: reset.expiresAt };
    },

    async preview(code) {
      const { reset, user } = await findLive(code);
      return { username: user.username, expiresAt: reset.expiresAt };
    },

    async complete(code, password, origin) {
      const { user } = await findLive(code);
      assertStrongPassword(password, (await settings.get()).passwordComplexity, '/password');
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        if ((await deletePasswordResetsOf(trx, user.id)) === 0) throw new AppError('not_found', INVALID_LINK);
        // A reset also clears a lockout, and signs the user out everywhere.
        await resetPasswordHash(trx, user.id, passwordHash);
        await endSessionsOf(trx, user.id);
        await audit.record(trx, {
          actor: { type: 'user', id: user.id, name: user.username },
          ...origin,
          action: 'user.password_reset',
          target: { type: 'user', id: user.id, name: user.username },
        });
      });
    },
  };
}
