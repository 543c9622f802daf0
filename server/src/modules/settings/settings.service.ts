import type { Kysely } from 'kysely';
import type { Settings, SettingsUpdate } from '@telegraf-controller/contract/settings';
import type { Database, SettingsTable } from '../../db/schema.js';
import { hmacBase64Url, randomToken } from '../../lib/crypto.js';
import { OptionError } from '../../option-parsers.js';
import type { Options } from '../../options.js';
import {
  findInstanceSecret,
  findSettings,
  insertInstanceSecretIfNone,
  insertSettingsIfNone,
  replaceInstanceSecret,
  updateSettings,
} from './settings.repo.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { safeBaseUrl } from '../../lib/urls.js';

export interface SettingsService {
  get(): Promise<Settings>;
  update(actor: Identity, changes: SettingsUpdate, origin: RequestOrigin): Promise<Settings>;
}

function present(row: SettingsTable): Settings {
  return {
    loginLockoutAttempts: row.loginLockoutAttempts,
    loginLockoutMinutes: row.loginLockoutMinutes,
    passwordComplexity: row.passwordComplexity,
    publicUiUrl: row.publicUiUrl,
    publicApiUrl: row.publicApiUrl,
    publicHeartbeatUrl: row.publicHeartbeatUrl,
    auditRetentionHours: row.auditRetentionHours as Settings['auditRetentionHours'],
    duplicateWindowMinutes: row.duplicateWindowMinutes,
    outdatedGraceMinutes: row.outdatedGraceMinutes,
    requireApproval: row.requireApproval === 1,
    secondFactorRoles: JSON.parse(row.secondFactorRoles) as Settings['secondFactorRoles'],
  };
}

/**
 * Creates the settings row on the first start from LOGIN_LOCKOUT_*, PASSWORD_COMPLEXITY and AUDIT_LOG_RETENTION;
 * afterwards the database is authoritative and the environment is ignored.
 */
export async function seedSettings(db: Kysely<Database>, options: Options): Promise<void> {
  await insertSettingsIfNone(db, {
    loginLockoutAttempts: options.loginLockoutAttempts,
    loginLockoutMinutes: options.loginLockoutMinutes,
    passwordComplexity: options.passwordComplexity,
    publicUiUrl: null,
    publicApiUrl: null,
    publicHeartbeatUrl: null,
    auditRetentionHours: options.auditLogRetention,
    duplicateWindowMinutes: 10,
    outdatedGraceMinutes: 10,
    requireApproval: 0,
    secondFactorRoles: '[]',
    updatedAt: new Date().toISOString(),
  });
}

/** SESSION_SECRET when given; otherwise one generated on the first start and kept, so restarts keep sessions. */
export async function resolveSessionSecret(db: Kysely<Database>, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  return (
    (await findInstanceSecret(db, 'session_secret')) ??
    insertInstanceSecretIfNone(db, 'session_secret', randomToken(32))
  );
}

/**
 * A cluster node's SESSION_SECRET must be the cluster's: the first node keeps a keyed digest of it in the database
 * (never the secret itself), and a node whose secret gives another digest refuses to start, since the sessions it
 * signs would be refused by every other node.
 */
export async function joinCluster(
  db: Kysely<Database>,
  sessionSecret: string,
  /** SESSION_SECRET_PREVIOUS: a cluster that used it moves to the new secret (every node must then have it). */
  previousSecret?: string,
): Promise<void> {
  const digestOf = (secret: string) => hmacBase64Url(secret, 'telegraf-controller cluster session secret');
  const digest = digestOf(sessionSecret);
  if (previousSecret !== undefined) {
    await replaceInstanceSecret(db, 'cluster_session_secret_digest', digestOf(previousSecret), digest);
  }
  const kept = await insertInstanceSecretIfNone(db, 'cluster_session_secret_digest', digest);
  if (kept !== digest) {
    throw new OptionError(
      '--session-secret/SESSION_SECRET differs from the one the other nodes of this cluster use: give every node the same secret',
    );
  }
}

/** Settings that hold a base URL: stored as `safeBaseUrl` writes them again. */
const PUBLIC_URLS = ['publicUiUrl', 'publicApiUrl', 'publicHeartbeatUrl'] as const;

/** The settings, and the audit log their changes are recorded in (absent for start-up's own reads). */
export function createSettingsService(db: Kysely<Database>, audit?: AuditLog): SettingsService {
  const get = async () => {
    const row = await findSettings(db);
    if (row === undefined) throw new Error('settings row missing: seedSettings() must run at start-up');
    return present(row);
  };
  return {
    get,
    async update(actor, changes, origin) {
      const before = await get();
      const urls: Partial<Record<(typeof PUBLIC_URLS)[number], string | null>> = {};
      for (const key of PUBLIC_URLS) {
        const given = changes[key];
        if (given === undefined || given === null) continue;
        const safe = safeBaseUrl(given);
        if (safe === undefined) {
          throw new AppError('validation_failed', `${key} is not an http(s) URL with a host name`, {
            errors: [
              {
                pointer: `/${key}`,
                message: 'must be an http(s) URL with a host name, and no user, query or fragment',
              },
            ],
          });
        }
        urls[key] = safe;
      }
      const { secondFactorRoles, requireApproval, ...plain } = changes;
      const after = { ...before, ...changes, ...urls };
      const changed = (Object.keys(after) as (keyof Settings)[]).filter(
        (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]),
      );
      await db.transaction().execute(async (trx) => {
        await updateSettings(trx, {
          ...plain,
          ...urls,
          ...(secondFactorRoles === undefined ? {} : { secondFactorRoles: JSON.stringify(secondFactorRoles) }),
          ...(requireApproval === undefined ? {} : { requireApproval: requireApproval ? 1 : 0 }),
          updatedAt: new Date().toISOString(),
        });
        await audit?.record(trx, {
          ...performedBy(actor, origin),
          action: 'settings.update',
          target: { type: 'settings', id: 'settings', name: 'Settings' },
          details: Object.fromEntries(changed.map((key) => [key, { from: before[key], to: after[key] }])),
        });
      });
      return get();
    },
  };
}
