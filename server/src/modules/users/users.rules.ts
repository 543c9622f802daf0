import { mayGrantRole, mayManageUser, onlyOwnerActsOn, type Role } from '@telegraf-controller/contract/permissions';
import type { UsersTable } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';

/**
 * Who may act on whom (ADR 18; the rules are in contract/permissions.ts, ADR 16): nobody acts on themselves or on the
 * owner; only the owner acts on an Administrator or grants that role; owner-only actions are never done with an
 * API token.
 */
export function assertMayActOn(actor: Identity, target: UsersTable, action: string): void {
  if (target.id === actor.userId) throw new AppError('forbidden', `You cannot ${action} your own account`);
  if (!mayManageUser(actor.role, target.role)) {
    throw new AppError(
      'forbidden',
      onlyOwnerActsOn(target.role) ? `Only the owner can ${action} an administrator` : `Nobody can ${action} the owner`,
    );
  }
  if (onlyOwnerActsOn(target.role)) assertSignedIn(actor, `${action} an administrator`);
}

export function assertMayGrant(actor: Identity, role: Role): void {
  if (!mayGrantRole(actor.role, role)) {
    throw new AppError(
      'forbidden',
      onlyOwnerActsOn(role)
        ? 'Only the owner can grant the administrator role'
        : 'The owner role is given only by transferring ownership',
    );
  }
  if (onlyOwnerActsOn(role)) assertSignedIn(actor, 'grant the administrator role');
}

export function assertOwner(actor: Identity, action: string): void {
  if (actor.role !== 'owner') throw new AppError('forbidden', `Only the owner can ${action}`);
  assertSignedIn(actor, action);
}

/** What only the owner may do is done signed in, never with an API token. */
function assertSignedIn(actor: Identity, action: string): void {
  if (actor.via !== 'session') {
    throw new AppError('forbidden', `Only the owner, signed in (not with an API token), can ${action}`);
  }
}
