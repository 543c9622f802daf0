import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createListener } from './http/fastify.js';
import type { Options } from './options.js';
import type { Services } from './services.js';
import { Type } from 'typebox';
import { createHeartbeatFastPath } from './modules/heartbeats/heartbeat-fast-path.js';
import { registerHeartbeatRoutes } from './modules/heartbeats/heartbeat.routes.js';
import { TOKEN_MESSAGES } from './modules/tokens/token-auth.js';

/** Telegraf's heartbeat plugin sends at most this much (logs are bounded by the agent's settings). */
export const HEARTBEAT_BODY_LIMIT = 1024 * 1024;

export interface HeartbeatAppDeps {
  services: Services;
  options: Options;
  logger: Logger;
}

/** The heartbeat listener: a separate server so fleet traffic never queues behind the UI. No per-request logs. */
export async function buildHeartbeatApp({ services, options, logger }: HeartbeatAppDeps): Promise<FastifyInstance> {
  const { status, heartbeats } = services;
  const app = createListener({
    logger: logger.child({ listener: 'heartbeat' }),
    tls: options.tls,
    bodyLimit: HEARTBEAT_BODY_LIMIT,
    trustProxy: options.trustProxy,
    allowedHosts: options.allowedHosts,
    securityHeaders: false,
    // Same token cache as the API listener, so a revocation there is refused here on the next request.
    access: {
      authenticators: [services.tokenAuthenticator],
      openGroups: options.disableAuthEndpoints,
      anonymousDetail: TOKEN_MESSAGES.header,
    },
  });
  services.denials.register(app);
  // Heartbeats sent as Telegraf sends them are answered early and counted by `tc_heartbeats_total` instead.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    services.metrics.observeRequest('heartbeat', request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  const Health = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]) });
  app.get(
    '/health',
    { config: { access: 'public' }, schema: { response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      // Ready = the database answers and the buffer is being written.
      const ready = await status.isReady();
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable' });
    },
  );
  registerHeartbeatRoutes(app, heartbeats);
  app.answerEarly(({ access, headers }) =>
    createHeartbeatFastPath({
      heartbeats,
      access,
      headers,
      routes: app.routeAccess,
      bodyLimit: HEARTBEAT_BODY_LIMIT,
      logger: logger.child({ listener: 'heartbeat' }),
    }),
  );
  return app;
}
