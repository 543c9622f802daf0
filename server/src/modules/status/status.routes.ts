import type { FastifyInstance } from 'fastify';
import { Leadership, Liveness, Readiness, VersionInfo } from '@telegraf-controller/contract/health';
import { typed } from '../../http/typed.js';
import { VERSION } from '../../lib/version.js';
import type { StatusService } from './status.service.js';

export function registerStatusRoutes(server: FastifyInstance, status: StatusService): void {
  const app = typed(server);
  app.get(
    '/health/live',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Liveness } },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'The controller can serve the API: its database answers and takes writes',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const ready = await status.isReady();
      return reply.code(ready ? 200 : 503).send({ ready });
    },
  );
  app.get(
    '/health/leader',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'This controller runs the cluster-wide jobs (200) or stands by (503); and which node does',
        response: { 200: Leadership, 503: Leadership },
      },
    },
    async (_request, reply) => {
      const leader = status.isLeader();
      // Who leads is read from the database; when it cannot answer, this node still says what it knows.
      const leaderNode = await status.leaderNode().catch(() => null);
      return reply.code(leader ? 200 : 503).send({ leader, node: status.node, leaderNode });
    },
  );
  app.get(
    '/api/version',
    {
      config: { access: 'public' },
      schema: { tags: ['health'], summary: 'The controller version', response: { 200: VersionInfo } },
    },
    async () => ({ version: VERSION }),
  );
}
