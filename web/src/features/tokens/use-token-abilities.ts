import type { Permission } from '@telegraf-controller/contract/permissions';
import { useMe } from '../auth/auth.queries';

export type TokenAbilities = {
  create: boolean;
  revoke: boolean;
  remove: boolean;
  /** Owner and administrators only (platform §3.6); the picker lists users, so it needs users:read too. */
  reassign: boolean;
  /** Owner and administrators see every user's tokens and may filter them by owner. */
  filterByOwner: boolean;
};

/** What the signed-in user may do with tokens. Only hides controls; the server stays the authority. */
export function useTokenAbilities(): TokenAbilities {
  const me = useMe().data;
  const can = (permission: Permission) => me?.permissions.includes(permission) ?? false;
  const seesAll = me?.user.role === 'owner' || me?.user.role === 'administrator';
  return {
    create: can('tokens:write'),
    revoke: can('tokens:write'),
    remove: can('tokens:delete'),
    reassign: seesAll && can('tokens:write') && can('users:read'),
    filterByOwner: seesAll && can('users:read'),
  };
}
