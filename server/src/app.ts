import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/connect.js';
import { registerCors, uiOriginMatcher } from './http/cors.js';
import { API_BODY_LIMIT, createListener } from './http/fastify.js';
import type { Options } from './options.js';
import { registerDocsRoutes } from './modules/docs/docs.routes.js';
import { registerOpenApi } from './modules/docs/openapi.js';
import type { Leadership } from './modules/leadership/leadership.js';
import { createStatusService } from './modules/status/status.service.js';
import { registerStatusRoutes } from './modules/status/status.routes.js';
import type { WebAsset } from './modules/web/web.assets.js';
import { registerWebRoutes } from './modules/web/web.routes.js';

export interface AppDeps {
  database: DatabaseHandle;
  options: Options;
  logger: Logger;
  leadership: Leadership;
  webAssets: Map<string, WebAsset> | undefined;
}

/** The API + UI listener. No I/O happens here beyond what the routes do per request. */
export async function buildApp({
  database,
  options,
  logger,
  leadership,
  webAssets,
}: AppDeps): Promise<FastifyInstance> {
  const app = createListener({
    logger: logger.child({ listener: 'api' }),
    tls: options.tls,
    bodyLimit: API_BODY_LIMIT,
    access: { authenticators: [], openGroups: options.disableAuthEndpoints },
  });
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'warn' : 'debug';
    const path = request.url.split('?')[0];
    request.log[level]({ method: request.method, path, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });
  if (options.uiPort !== undefined) registerCors(app, uiOriginMatcher(options));
  await registerOpenApi(app);

  registerStatusRoutes(app, createStatusService(database.db, leadership));
  registerDocsRoutes(app);
  registerWebRoutes(app, { assets: webAssets });
  return app;
}
