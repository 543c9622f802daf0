import { Type, type Static } from 'typebox';

/** Stable error codes (ADR 3; the README lists them); clients branch on `code`, never on `title` or `detail`. */
export const ERROR_CODES = {
  unauthorized: 401,
  token_expired: 401,
  token_revoked: 401,
  token_invalid: 401,
  token_malformed: 401,
  token_owner_disabled: 401,
  forbidden: 403,
  not_found: 404,
  validation_failed: 400,
  invalid_toml: 400,
  missing_parameters: 400,
  undefined_constants: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  method_not_allowed: 405,
  owner_exists: 409,
  invalid_credentials: 401,
  account_locked: 423,
  account_disabled: 403,
  provider_disabled: 403,
  sign_in_refused: 403,
  second_factor_required: 401,
  invalid_second_factor: 401,
  second_factor_unreadable: 403,
  second_factor_enrolment_required: 403,
  directory_unavailable: 503,
  provider_unavailable: 503,
  password_too_weak: 400,
  config_in_use: 409,
  constant_in_use: 409,
  default_rule: 409,
  alias_conflict: 409,
  token_name_conflict: 409,
  token_value_conflict: 409,
  invalid_token_format: 400,
  invalid_permissions: 400,
  preshared_tokens_disabled: 403,
  invalid_heartbeat: 400,
  conflict: 409,
  approval_required: 409,
  rollout_active: 409,
  config_pinned: 409,
  rate_limited: 429,
  agent_limit: 429,
  host_not_allowed: 400,
  request_timeout: 408,
  headers_too_large: 431,
  csrf_failed: 403,
  not_ready: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ProblemFieldError = Type.Object({
  pointer: Type.String({ maxLength: 1024, description: 'JSON pointer (RFC 6901) to the offending value' }),
  message: Type.String({ maxLength: 1024 }),
});

/** RFC 9457 problem details, the body of every error response. */
export const Problem = Type.Object(
  {
    type: Type.String({ maxLength: 256 }),
    title: Type.String({ maxLength: 256 }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String({ maxLength: 4096 }),
    code: Type.String({ maxLength: 64 }),
    errors: Type.Optional(Type.Array(ProblemFieldError, { maxItems: 100 })),
    missing: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
    retryAfter: Type.Optional(Type.Integer({ minimum: 0, description: 'seconds until the action may be retried' })),
  },
  { additionalProperties: true },
);
export type Problem = Static<typeof Problem>;
