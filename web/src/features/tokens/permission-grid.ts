import {
  ACTIONS,
  PERMISSIONS,
  isPermission,
  type Action,
  type Permission,
  type PermissionTable,
  type Role,
} from '@telegraf-controller/contract/permissions';
import { presetPermissions, type TokenPreset } from '@telegraf-controller/contract/tokens';
import { resourceLabel } from '../../ui/permission-labels';

export type GridRow = {
  resource: string;
  label: string;
  /** The permission in each column, or null where the resource has no such action. */
  cells: Record<Action, Permission | null>;
};

/** One row per resource the server lists; only actions the contract knows become cells. */
export function gridRows(table: PermissionTable): GridRow[] {
  return table.resources.map(({ resource, actions }) => {
    const cell = (action: Action) => {
      const permission = `${resource}:${action}`;
      return actions.includes(action) && isPermission(permission) ? permission : null;
    };
    return {
      resource,
      label: resourceLabel(resource),
      cells: Object.fromEntries(ACTIONS.map((action) => [action, cell(action)])) as Record<Action, Permission | null>,
    };
  });
}

export function rowPermissions(row: GridRow): Permission[] {
  return ACTIONS.flatMap((action) => row.cells[action] ?? []);
}

/** The selection with `permissions` switched on or off, in the order of the permission model. */
export function toggled(selection: readonly Permission[], permissions: readonly Permission[], on: boolean) {
  const next = new Set(selection);
  for (const permission of permissions) {
    if (on) next.add(permission);
    else next.delete(permission);
  }
  return PERMISSIONS.filter((permission) => next.has(permission));
}

/** What a preset ticks for this role, limited to what the caller can grant (the server keeps the same overlap). */
export function presetSelection(
  preset: Exclude<TokenPreset, 'custom'>,
  role: Role,
  grantable: ReadonlySet<Permission>,
): Permission[] {
  return presetPermissions(preset, role).filter((permission) => grantable.has(permission));
}
