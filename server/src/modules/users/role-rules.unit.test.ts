import {
  ROLES,
  assignableRoles,
  mayGrantRole,
  mayHoldTokens,
  mayManageUser,
  mayTransferOwnership,
  rolePermissions,
  roleGrants,
  seesAllTokens,
  ROLE_PERMISSIONS,
  type Role,
} from '@telegraf-controller/contract/permissions';
import { describe, expect, it } from 'vitest';

/** Every (actor, target) pair, as `actor→target`, where `rule` holds. */
const pairsWhere = (rule: (actor: Role, target: Role) => boolean) =>
  ROLES.flatMap((actor) => ROLES.filter((target) => rule(actor, target)).map((target) => `${actor}→${target}`));

describe('the role rules of contract/permissions.ts, shared by server and UI', () => {
  it('nobody manages the owner and only the owner an administrator; permissions decide the rest', () => {
    expect(pairsWhere(mayManageUser)).toEqual([
      'owner→administrator',
      'owner→manager',
      'owner→viewer',
      'administrator→manager',
      'administrator→viewer',
      'manager→manager',
      'manager→viewer',
      'viewer→manager',
      'viewer→viewer',
    ]);
  });

  it('the owner role is never granted, the administrator role only by the owner', () => {
    expect(pairsWhere(mayGrantRole)).toEqual(pairsWhere(mayManageUser));
    expect(assignableRoles('owner')).toEqual(['administrator', 'manager', 'viewer']);
    expect(assignableRoles('administrator')).toEqual(['manager', 'viewer']);
  });

  it('ownership goes only from the owner to an active administrator', () => {
    const to = (role: Role, disabled = false) =>
      ROLES.filter((actor) => mayTransferOwnership(actor, { role, disabled }));
    expect(ROLES.map((role) => to(role))).toEqual([[], ['owner'], [], []]);
    expect(to('administrator', true)).toEqual([]);
  });

  it('owner and administrators see every token, a Manager only their own (OWN_SCOPE_ONLY), a Viewer none', () => {
    expect(ROLES.filter(seesAllTokens)).toEqual(['owner', 'administrator']);
    expect(ROLES.filter(mayHoldTokens)).toEqual(['owner', 'administrator', 'manager']);
  });

  it('the permission sets are the role table', () => {
    for (const role of ROLES) {
      expect([...rolePermissions(role)]).toEqual(ROLE_PERMISSIONS[role]);
      for (const permission of ROLE_PERMISSIONS.owner) {
        expect(roleGrants(role, permission)).toBe(ROLE_PERMISSIONS[role].includes(permission));
      }
    }
  });
});
