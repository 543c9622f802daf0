import type { Role } from '@telegraf-controller/contract/permissions';
import type { UsersTable } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';

/**
 * Who may act on whom (platform §2.2): nobody acts on themselves or on the owner; only the owner acts on an
 * Administrator or grants that role; owner-only actions are never done with an API token.
 */
export function assertMayActOn(actor: Identity, target: UsersTable, action: string): void {
  if (target.id === actor.userId) throw new AppError('forbidden', `You cannot ${action} your own account`);
  if (target.role === 'owner') throw new AppError('forbidden', `Nobody can ${action} the owner`);
  if (target.role === 'administrator') assertOwner(actor, `${action} an administrator`);
}

export function assertMayGrant(actor: Identity, role: Role): void {
  if (role === 'owner') {
    throw new AppError('forbidden', 'The owner role is given only by transferring ownership');
  }
  if (role === 'administrator') assertOwner(actor, 'grant the administrator role');
}

export function assertOwner(actor: Identity, action: string): void {
  if (actor.role !== 'owner') throw new AppError('forbidden', `Only the owner can ${action}`);
  if (actor.via !== 'session') {
    throw new AppError('forbidden', `Only the owner, signed in (not with an API token), can ${action}`);
  }
}
