import { RESOURCES, type Action, type Permission, type Resource } from '@telegraf-controller/contract/permissions';

/** What the UI calls each resource of the permission model. */
export const RESOURCE_LABELS: Readonly<Record<Resource, string>> = {
  configs: 'Configurations',
  'config-groups': 'Config Groups',
  constants: 'Constants',
  agents: 'Agents',
  'reporting-rules': 'Reporting Rules',
  labels: 'Labels',
  heartbeat: 'Heartbeat',
  tokens: 'API Tokens',
  users: 'Users',
  invites: 'Invites',
  'password-resets': 'Password Resets',
  settings: 'Settings',
  'auth-settings': 'Auth Settings',
  'audit-logs': 'Audit Logs',
  analytics: 'Analytics',
};

export const ACTION_LABELS: Readonly<Record<Action, string>> = { read: 'Read', write: 'Write', delete: 'Delete' };

/** A resource key as the UI names it; a key this build does not know (a newer server) is shown as sent. */
export function resourceLabel(resource: string): string {
  return (RESOURCE_LABELS as Readonly<Record<string, string>>)[resource] ?? resource;
}

export type PermissionGroup = { resource: Resource; actions: Action[] };

/** Permissions grouped by resource, in the order of the permission model. */
export function groupPermissions(permissions: readonly Permission[]): PermissionGroup[] {
  const held = new Set<string>(permissions);
  return RESOURCES.flatMap((resource) => {
    const actions = (['read', 'write', 'delete'] as const).filter((action) => held.has(`${resource}:${action}`));
    return actions.length > 0 ? [{ resource, actions }] : [];
  });
}

/** `agents:write` → "Agents: Write". */
export function permissionLabel(permission: Permission): string {
  const [resource = '', action = ''] = permission.split(':');
  return `${resourceLabel(resource)}: ${(ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? action}`;
}
