import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createListener } from './http/fastify.js';
import type { Options } from './options.js';
import type { StatusService } from './modules/status/status.service.js';
import { Type } from 'typebox';

/** Telegraf's heartbeat plugin sends at most this much (logs are bounded by the agent's settings). */
export const HEARTBEAT_BODY_LIMIT = 1024 * 1024;

export interface HeartbeatAppDeps {
  options: Options;
  logger: Logger;
  status: StatusService;
}

/** The heartbeat listener: a separate server so fleet traffic never queues behind the UI. No per-request logs. */
export async function buildHeartbeatApp({ options, logger, status }: HeartbeatAppDeps): Promise<FastifyInstance> {
  const app = createListener({
    logger: logger.child({ listener: 'heartbeat' }),
    tls: options.tls,
    bodyLimit: HEARTBEAT_BODY_LIMIT,
    access: { authenticators: [], openGroups: options.disableAuthEndpoints },
  });
  const Health = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]) });
  app.get(
    '/health',
    { config: { access: 'public' }, schema: { response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const ready = await status.isReady();
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable' });
    },
  );
  return app;
}
