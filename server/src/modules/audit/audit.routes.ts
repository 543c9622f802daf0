import type { FastifyInstance } from 'fastify';
import {
  AuditForwarders,
  AuditLoggerList,
  AuditLoggerQuery,
  AuditPage,
  AuditQuery,
  AuditVerification,
  AuditVerifyQuery,
} from '@telegraf-controller/contract/audit';
import { typed } from '../../http/typed.js';
import type { AuditForwarding } from './audit-forwarding.js';
import type { AuditLog } from './audit.service.js';

/** `seq:hash` as the verify query and the CLI take a published head. */
export function parseHead(text: string): { seq: number; hash: string } {
  const [seq, hash] = text.split(':') as [string, string];
  return { seq: Number(seq), hash };
}

export function registerAuditRoutes(
  server: FastifyInstance,
  audit: AuditLog,
  forwarding: Pick<AuditForwarding, 'status'>,
): void {
  const app = typed(server);
  const tags = ['audit'];
  app.get(
    '/api/audit-logs',
    {
      config: { access: 'audit-logs:read' },
      schema: {
        tags,
        summary: 'Audit entries, newest first, by time range, actor, action, target and outcome',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => audit.list(request.query),
  );
  app.get(
    '/api/audit-logs/verify',
    {
      config: { access: 'audit-logs:read' },
      schema: {
        tags,
        summary: 'Walk the hash chain and report its first broken link; `head=seq:hash` checks published heads too',
        querystring: AuditVerifyQuery,
        response: { 200: AuditVerification },
      },
    },
    async (request) => audit.verify((request.query.head ?? []).map(parseHead)),
  );
  app.get(
    '/api/audit-logs/forwarders',
    {
      config: { access: 'audit-logs:read' },
      schema: {
        tags,
        summary: 'Where the audit log is forwarded (syslog, webhook, file), how far each has got and its last error',
        response: { 200: AuditForwarders },
      },
    },
    async () => forwarding.status(),
  );
  app.get(
    '/api/audit-logger',
    {
      config: { access: 'audit-logs:read' },
      schema: {
        tags,
        summary: 'The reference’s audit endpoint: oldest first, `page` and `limit` (at most 1,000 an answer)',
        querystring: AuditLoggerQuery,
        response: { 200: AuditLoggerList },
      },
    },
    async (request) => audit.listForReference(request.query),
  );
}
