import type { Permission, Role } from '@telegraf-controller/contract/permissions';
import type { Me, User } from '@telegraf-controller/contract/users';
import { assignableRoles } from '../../ui/roles';

export type UserActions = {
  /** Roles the target may be moved to (their current role included); empty when the role cannot be changed. */
  roles: Role[];
  disable: boolean;
  enable: boolean;
  delete: boolean;
  resetPassword: boolean;
  makeOwner: boolean;
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
};

/**
 * What the signed-in user may do to another user, by the rules of platform §2: nobody acts on themselves or on the
 * owner; only the owner acts on administrators; ownership moves only from the owner to an active administrator.
 * The server enforces the same rules; this only decides which controls to show.
 */
export function userActions(me: Me, target: User): UserActions {
  const can = (permission: Permission) => me.permissions.includes(permission);
  const isOwner = me.user.role === 'owner';
  if (target.id === me.user.id) {
    return { ...NOTHING, blockedBecause: 'This is your own account: change it on the Account page.' };
  }
  if (target.role === 'owner') {
    return {
      ...NOTHING,
      blockedBecause: 'The owner cannot be changed, disabled or deleted; only the owner can transfer ownership.',
    };
  }
  if (target.role === 'administrator' && !isOwner) {
    return { ...NOTHING, blockedBecause: 'Only the owner can manage administrators.' };
  }
  const actions: UserActions = {
    roles: can('users:write') ? assignableRoles(me.user.role) : [],
    disable: can('users:write') && target.status !== 'disabled',
    enable: can('users:write') && target.status === 'disabled',
    delete: can('users:delete'),
    resetPassword: can('password-resets:write'),
    makeOwner: isOwner && target.role === 'administrator' && target.status !== 'disabled',
  };
  const { roles, ...switches } = actions;
  const anything = roles.length > 0 || Object.values(switches).some(Boolean);
  return anything ? actions : { ...actions, blockedBecause: 'Your role cannot manage users.' };
}
