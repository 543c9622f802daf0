import { Type, type Static } from 'typebox';
import { NameText } from './text.js';
import {
  PERMISSIONS,
  RESOURCE_ACTIONS,
  RESOURCES,
  PermissionSchema,
  type Permission,
  type Resource,
  type Role,
  ROLE_PERMISSIONS,
} from './permissions.js';
import { Id, Timestamp } from './users.js';
import { Nullable } from './nullable.js';
import { ListQuery, Page } from './pages.js';

export const TOKEN_PREFIX = 'tc-apiv1_';
/** `tc-apiv1_` + 64 lowercase hex characters (32 random bytes). */
export const TOKEN_PATTERN = /^tc-apiv1_[0-9a-f]{64}$/;

export const TOKEN_PRESETS = ['full-access', 'read-only', 'telegraf-agent', 'custom'] as const;
export type TokenPreset = (typeof TOKEN_PRESETS)[number];

/** What a preset asks for; the server then keeps only what the creator's role grants. */
export function presetPermissions(preset: Exclude<TokenPreset, 'custom'>, role: Role): Permission[] {
  const grants = ROLE_PERMISSIONS[role];
  if (preset === 'full-access') return [...grants];
  if (preset === 'read-only') return grants.filter((p) => p.endsWith(':read'));
  return ['configs:read', 'config-groups:read', 'heartbeat:write'];
}

export type PermissionParse = { permissions: Permission[]; unknown: string[] };

/**
 * Reads `resource:action` items from an array or a comma-separated string; `resource:*` stands for every action
 * of that resource. Returns the known permissions (deduplicated, in table order) and every item it cannot read.
 */
export function parsePermissions(input: string | readonly string[]): PermissionParse {
  const items = (typeof input === 'string' ? [input] : [...input])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
  const wanted = new Set<Permission>();
  const unknown: string[] = [];
  for (const item of items) {
    const [resource, action, extra] = item.split(':');
    if (extra !== undefined || resource === undefined || action === undefined) {
      unknown.push(item);
    } else if (action === '*' && (RESOURCES as string[]).includes(resource)) {
      for (const a of RESOURCE_ACTIONS[resource as Resource]) wanted.add(`${resource}:${a}` as Permission);
    } else if ((PERMISSIONS as readonly string[]).includes(item)) {
      wanted.add(item as Permission);
    } else {
      unknown.push(item);
    }
  }
  return { permissions: PERMISSIONS.filter((p) => wanted.has(p)), unknown };
}

export const TokenStatus = Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')]);
export type TokenStatus = Static<typeof TokenStatus>;

export const TokenSource = Type.Union([Type.Literal('user'), Type.Literal('preshared'), Type.Literal('bootstrap')]);
export type TokenSource = Static<typeof TokenSource>;

/**
 * How far back an agent's heartbeat or configuration fetch counts as using its token (a token's `agentCount`,
 * `GET /api/agents?token=`).
 */
export const TOKEN_AGENT_DAYS = 30;

export const Token = Type.Object({
  id: Id,
  name: Type.String({ maxLength: 100 }),
  userId: Id,
  username: Type.String({ maxLength: 50 }),
  status: TokenStatus,
  permissions: Type.Array(PermissionSchema, { maxItems: 64 }),
  last4: Type.String({ maxLength: 4 }),
  source: TokenSource,
  createdAt: Timestamp,
  createdBy: Nullable(Type.String({ maxLength: 50 })),
  expiresAt: Nullable(Timestamp),
  /** Days left, rounded up, when an active token expires within 14 days; null otherwise. */
  expiresInDays: Nullable(Type.Integer({ minimum: 1, maximum: 14 })),
  revokedAt: Nullable(Timestamp),
  revokedBy: Nullable(Type.String({ maxLength: 50 })),
  lastUsedAt: Nullable(Timestamp),
  lastUsedFrom: Nullable(Type.String({ maxLength: 64 })),
  /** The token this one was created with (it expires no later); null when created in a session. */
  parentTokenId: Nullable(Id),
  /** Tokens created with this one that still work: revoking this one can revoke them too. */
  activeChildren: Type.Integer({ minimum: 0 }),
  /**
   * Agents whose heartbeats or configuration fetches came with this token in the last 30 days
   * (`GET /api/agents?token=`): who loses access.
   */
  agentCount: Type.Integer({ minimum: 0 }),
});
export type Token = Static<typeof Token>;

export const TokenRevokeQuery = Type.Object(
  {
    children: Type.Optional(
      Type.Boolean({ description: 'also revoke the tokens created with this one (and theirs), default false' }),
    ),
  },
  { additionalProperties: false },
);
export type TokenRevokeQuery = Static<typeof TokenRevokeQuery>;

export const TokenCreate = Type.Object(
  {
    name: NameText(100, 'the description shown in the UI (one line, no control characters); unique'),
    preset: Type.Optional(
      Type.Unsafe<TokenPreset>(
        Type.String({
          enum: [...TOKEN_PRESETS],
          description: 'default: full-access (everything your role allows), or custom when permissions are given',
        }),
      ),
    ),
    permissions: Type.Optional(
      Type.Union([
        Type.Array(Type.String({ maxLength: 64 }), { maxItems: 128 }),
        Type.String({ maxLength: 4096, description: 'comma-separated resource:action items' }),
      ]),
    ),
    expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    rawToken: Type.Optional(Type.String({ maxLength: 128, description: 'a pre-shared value: tc-apiv1_ + 64 hex' })),
  },
  { additionalProperties: false },
);
export type TokenCreate = Static<typeof TokenCreate>;

export const TokenCreated = Type.Object({
  ...Token.properties,
  /** The value: in this response only, never again. */
  token: Type.String({ maxLength: 128 }),
  droppedPermissions: Type.Array(PermissionSchema, { maxItems: 64 }),
});
export type TokenCreated = Static<typeof TokenCreated>;

export const TokenListQuery = ListQuery({
  status: Type.Optional(TokenStatus),
  userId: Type.Optional(Id),
  search: Type.Optional(Type.String({ maxLength: 100 })),
});
export type TokenListQuery = Static<typeof TokenListQuery>;

export const TokenList = Page(Token);
export type TokenList = Static<typeof TokenList>;

export const TokenReassign = Type.Object({ userId: Id }, { additionalProperties: false });
export type TokenReassign = Static<typeof TokenReassign>;

export const TokenBulkAction = Type.Union([Type.Literal('revoke'), Type.Literal('delete'), Type.Literal('reassign')]);
export const TokenBulk = Type.Object(
  {
    action: TokenBulkAction,
    ids: Type.Array(Id, { minItems: 1, maxItems: 500 }),
    userId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type TokenBulk = Static<typeof TokenBulk>;

export const TokenBulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Id,
      ok: Type.Boolean(),
      status: Type.Integer({ minimum: 200, maximum: 599 }),
      code: Type.Optional(Type.String({ maxLength: 64 })),
      detail: Type.Optional(Type.String({ maxLength: 1024 })),
    }),
    { maxItems: 500 },
  ),
  succeeded: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
});
export type TokenBulkResult = Static<typeof TokenBulkResult>;

export const TokenCapabilities = Type.Object({ preSharedTokensEnabled: Type.Boolean() });
export type TokenCapabilities = Static<typeof TokenCapabilities>;
