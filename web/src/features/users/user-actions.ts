import {
  assignableRoles,
  mayManageUser,
  mayTransferOwnership,
  onlyOwnerActsOn,
  type Permission,
  type Role,
} from '@telegraf-controller/contract/permissions';
import type { Me, User } from '@telegraf-controller/contract/users';

export type UserActions = {
  /** Roles the target may be moved to (their current role included); empty when the role cannot be changed. */
  roles: Role[];
  disable: boolean;
  enable: boolean;
  delete: boolean;
  resetPassword: boolean;
  makeOwner: boolean;
  /** Only the owner resets another user's second factor (a lost device). */
  resetSecondFactor: boolean;
  /** Why nothing may be done, when that is the case. */
  blockedBecause?: string;
};

const NOTHING: Omit<UserActions, 'blockedBecause'> = {
  roles: [],
  disable: false,
  enable: false,
  delete: false,
  resetPassword: false,
  makeOwner: false,
  resetSecondFactor: false,
};

/**
 * What the signed-in user may do to another user, by the rules of ADR 18 written in contract/permissions.ts:
 * nobody acts on themselves or on the owner; only the owner acts on administrators; ownership moves only from the
 * owner to an active administrator. The server enforces the same rules; this only decides which controls to show.
 */
export function userActions(me: Me, target: User): UserActions {
  const can = (permission: Permission) => me.permissions.includes(permission);
  if (target.id === me.user.id) {
    return { ...NOTHING, blockedBecause: 'This is your own account: change it on the Account page.' };
  }
  if (!mayManageUser(me.user.role, target.role)) {
    return {
      ...NOTHING,
      blockedBecause: onlyOwnerActsOn(target.role)
        ? 'Only the owner can manage administrators.'
        : 'The owner cannot be changed, disabled or deleted; only the owner can transfer ownership.',
    };
  }
  const actions: UserActions = {
    roles: can('users:write') ? assignableRoles(me.user.role) : [],
    disable: can('users:write') && target.status !== 'disabled',
    enable: can('users:write') && target.status === 'disabled',
    delete: can('users:delete'),
    resetPassword: can('password-resets:write'),
    makeOwner: mayTransferOwnership(me.user.role, { role: target.role, disabled: target.status === 'disabled' }),
    resetSecondFactor: me.user.role === 'owner' && can('users:write'),
  };
  const { roles, ...switches } = actions;
  const anything = roles.length > 0 || Object.values(switches).some(Boolean);
  return anything ? actions : { ...actions, blockedBecause: 'Your role cannot manage users.' };
}
