import { Type, type Static } from 'typebox';

/**
 * The permission model: the only source of truth for what each role may do. The server checks routes and tokens
 * against it and the UI imports it to hide what a role cannot use.
 */

export const ACTIONS = ['read', 'write', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/** Every resource with the actions that exist on it, in the order the UI grid shows them. */
export const RESOURCE_ACTIONS = {
  configs: ['read', 'write', 'delete'],
  'config-groups': ['read', 'write', 'delete'],
  constants: ['read', 'write', 'delete'],
  agents: ['read', 'write', 'delete'],
  'reporting-rules': ['read', 'write', 'delete'],
  labels: ['read', 'write', 'delete'],
  heartbeat: ['read', 'write'],
  tokens: ['read', 'write', 'delete'],
  users: ['read', 'write', 'delete'],
  invites: ['read', 'write', 'delete'],
  'password-resets': ['read', 'write', 'delete'],
  settings: ['read', 'write'],
  'auth-settings': ['read', 'write'],
  'audit-logs': ['read'],
  analytics: ['read'],
} as const satisfies Record<string, readonly Action[]>;

export type Resource = keyof typeof RESOURCE_ACTIONS;
export const RESOURCES = Object.keys(RESOURCE_ACTIONS) as Resource[];

export type Permission = {
  [R in Resource]: `${R}:${(typeof RESOURCE_ACTIONS)[R][number]}`;
}[Resource];

export const PERMISSIONS: readonly Permission[] = RESOURCES.flatMap((resource) =>
  RESOURCE_ACTIONS[resource].map((action) => `${resource}:${action}` as Permission),
);

export const ROLES = ['owner', 'administrator', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const VIEWER: readonly Permission[] = [
  'configs:read',
  'config-groups:read',
  'constants:read',
  'agents:read',
  'reporting-rules:read',
  'labels:read',
  'heartbeat:read',
  'analytics:read',
];

const MANAGER: readonly Permission[] = [
  ...VIEWER,
  'configs:write',
  'configs:delete',
  'config-groups:write',
  'config-groups:delete',
  'constants:write',
  'constants:delete',
  'agents:write',
  'agents:delete',
  'reporting-rules:write',
  'reporting-rules:delete',
  'labels:write',
  'labels:delete',
  'heartbeat:write',
  'tokens:read',
  'tokens:write',
  'tokens:delete',
];

const ADMINISTRATOR: readonly Permission[] = PERMISSIONS.filter((p) => p !== 'auth-settings:write');

/** Role → granted permissions. Owner-only user actions are rules of the users service, not permissions. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: PERMISSIONS,
  administrator: ADMINISTRATOR,
  manager: MANAGER,
  viewer: VIEWER,
};

/** A Manager holds `tokens:*` only for tokens they own; the tokens service enforces the scope. */
export const OWN_SCOPE_ONLY: Readonly<Partial<Record<Role, readonly Resource[]>>> = {
  manager: ['tokens'],
};

/** Endpoint groups that `--disable-auth-endpoints` may open; nothing else can be opened. */
export const ENDPOINT_GROUPS = ['agents', 'configs', 'labels', 'reporting-rules', 'heartbeat'] as const;
export type EndpointGroup = (typeof ENDPOINT_GROUPS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export const PermissionSchema = Type.Unsafe<Permission>(
  Type.String({ enum: [...PERMISSIONS], maxLength: 64, description: 'resource:action' }),
);
export const RoleSchema = Type.Unsafe<Role>(Type.String({ enum: [...ROLES], maxLength: 16 }));

export const PermissionTable = Type.Object({
  resources: Type.Array(
    Type.Object({
      resource: Type.String({ maxLength: 64 }),
      actions: Type.Array(Type.String({ maxLength: 16 }), { maxItems: 3 }),
    }),
    { maxItems: 64 },
  ),
  roles: Type.Array(Type.Object({ role: RoleSchema, permissions: Type.Array(PermissionSchema, { maxItems: 64 }) }), {
    maxItems: 4,
  }),
});
export type PermissionTable = Static<typeof PermissionTable>;
