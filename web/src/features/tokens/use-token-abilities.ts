import { seesAllTokens, type Permission } from '@telegraf-controller/contract/permissions';
import { useMe } from '../auth/auth.queries';

export type TokenAbilities = {
  create: boolean;
  revoke: boolean;
  remove: boolean;
  /** Owner and administrators only (ADR 18); the picker lists users, so it needs users:read too. */
  reassign: boolean;
  /** Owner and administrators see every user's tokens and may filter them by owner. */
  filterByOwner: boolean;
  /** The agents list, narrowed to the agents that heartbeat with a token. */
  viewAgents: boolean;
};

/** What the signed-in user may do with tokens. Only hides controls; the server stays the authority. */
export function useTokenAbilities(): TokenAbilities {
  const me = useMe().data;
  const can = (permission: Permission) => me?.permissions.includes(permission) ?? false;
  const seesAll = me !== undefined && seesAllTokens(me.user.role);
  return {
    create: can('tokens:write'),
    revoke: can('tokens:write'),
    remove: can('tokens:delete'),
    reassign: seesAll && can('tokens:write') && can('users:read'),
    filterByOwner: seesAll && can('users:read'),
    viewAgents: can('agents:read'),
  };
}
