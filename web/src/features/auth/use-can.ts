import type { Permission } from '@telegraf-controller/contract/permissions';
import { useMe } from './auth.queries';

/** Whether the signed-in user holds a permission. Only hides controls; the server stays the authority. */
export function useCan(permission: Permission): boolean {
  const me = useMe();
  return me.data?.permissions.includes(permission) ?? false;
}
