import { Type, type Static } from 'typebox';
import { PasswordComplexitySchema } from './auth.js';
import { RoleSchema } from './permissions.js';

/** Absolute http(s) URL without a trailing slash, or null for "use the address the caller used". */
const PublicUrl = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  maxLength: 2048,
  pattern: '^https?://[^/\\s]+(/[^\\s]*[^/\\s])?$',
  description: 'an absolute http(s) URL without a trailing slash',
});

export const AUDIT_RETENTION_HOURS = [720, 2160, 4320, 8760, 17520, 0] as const;

export const Settings = Type.Object({
  loginLockoutAttempts: Type.Integer({ minimum: 1, maximum: 100 }),
  loginLockoutMinutes: Type.Integer({ minimum: 1, maximum: 10080 }),
  passwordComplexity: PasswordComplexitySchema,
  publicUiUrl: PublicUrl,
  publicApiUrl: PublicUrl,
  publicHeartbeatUrl: PublicUrl,
  auditRetentionHours: Type.Unsafe<(typeof AUDIT_RETENTION_HOURS)[number]>(
    Type.Integer({ enum: [...AUDIT_RETENTION_HOURS], description: 'hours; 0 keeps entries forever' }),
  ),
  /**
   * Minutes within which an agent id heartbeating with one hostname, another, then the first again is flagged as a
   * duplicate id (and stays flagged).
   */
  duplicateWindowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  /**
   * How long after a save an agent still on an older version counts as Outdated when its fetch interval was never
   * observed (with an observed interval, the grace is twice that interval).
   */
  outdatedGraceMinutes: Type.Integer({ minimum: 1, maximum: 10080 }),
  /**
   * Four eyes (ADR 27): a configuration version is published, or rolled out, only after someone other than its
   * author approved it.
   */
  requireApproval: Type.Boolean(),
  /** Roles whose local sign-in needs a second factor (TOTP); their users enrol at their next sign-in. */
  secondFactorRoles: Type.Array(RoleSchema, { maxItems: 4, uniqueItems: true }),
});
export type Settings = Static<typeof Settings>;

export const SettingsUpdate = Type.Partial(Settings, { additionalProperties: false });
export type SettingsUpdate = Static<typeof SettingsUpdate>;
