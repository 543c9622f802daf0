import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../http/access.js';
import { auditActorOf, type AuditEvent } from './audit.service.js';

/** Where a request came from, as an audit entry records it. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** The who-and-where of an entry: the caller (a user, or a token and its owner) and their address. */
export function performedBy(
  identity: Identity | null,
  origin: RequestOrigin,
): Pick<AuditEvent, 'actor' | 'ip' | 'userAgent'> {
  return { actor: auditActorOf(identity), ip: origin.ip, userAgent: origin.userAgent };
}
