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

const ROLE_PERMISSION_SETS = Object.fromEntries(
  ROLES.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]),
) as unknown as Readonly<Record<Role, ReadonlySet<Permission>>>;

/** The role's permissions as a set, for the checks made on every request. */
export function rolePermissions(role: Role): ReadonlySet<Permission> {
  return ROLE_PERMISSION_SETS[role];
}

/** Resources a role holds only for the records it owns: a Manager's `tokens:*` cover their own tokens alone. */
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
  return ROLE_PERMISSION_SETS[role].has(permission);
}

/*
 * Rules that both sides apply, written once: the server enforces them, the UI only hides what they refuse.
 */

/** Whether the role reads every record of the resource rather than only its own (no read at all: false). */
export function seesAll(role: Role, resource: Resource): boolean {
  return roleGrants(role, `${resource}:read`) && !(OWN_SCOPE_ONLY[role]?.includes(resource) ?? false);
}

/** Owners and Administrators see, filter and reassign every user's tokens; a Manager only their own. */
export function seesAllTokens(role: Role): boolean {
  return seesAll(role, 'tokens');
}

/** Whether a user of the role may hold API tokens: a user moved to a role that may not has every token revoked. */
export function mayHoldTokens(role: Role): boolean {
  return roleGrants(role, 'tokens:write');
}

/** Administrators are managed by the owner alone, and the Administrator role is given by the owner alone. */
export function onlyOwnerActsOn(targetRole: Role): boolean {
  return targetRole === 'administrator';
}

/**
 * Who may act on another user (edit, change the role of, disable, delete, reset the password of): nobody acts on
 * the owner, only the owner on an Administrator. Nobody acts on their own account either; the callers, who know
 * the ids, refuse that.
 */
export function mayManageUser(actorRole: Role, targetRole: Role): boolean {
  return targetRole !== 'owner' && (actorRole === 'owner' || !onlyOwnerActsOn(targetRole));
}

/** The owner role is given only by transferring ownership; the Administrator role only by the owner. */
export function mayGrantRole(actorRole: Role, role: Role): boolean {
  return role !== 'owner' && (actorRole === 'owner' || !onlyOwnerActsOn(role));
}

/** The roles an invite or a role change by this actor may give, in table order. */
export function assignableRoles(actorRole: Role): Role[] {
  return ROLES.filter((role) => mayGrantRole(actorRole, role));
}

/** Ownership moves only from the owner to an active Administrator. */
export function mayTransferOwnership(actorRole: Role, target: { role: Role; disabled: boolean }): boolean {
  return actorRole === 'owner' && target.role === 'administrator' && !target.disabled;
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
