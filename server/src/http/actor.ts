import type { Identity } from './access.js';

/** The identity the access check established; routes with a permission always have one. */
export function actorOf(request: { identity: Identity | null }): Identity {
  return request.identity!;
}
