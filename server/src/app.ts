import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/connect.js';
import { registerCors, uiOriginMatcher } from './http/cors.js';
import { API_BODY_LIMIT, createListener } from './http/fastify.js';
import type { Options } from './options.js';
import { registerAccountRoutes } from './modules/account/account.routes.js';
import { createAccountService } from './modules/account/account.service.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { createLoginLimiter } from './modules/auth/login-limiter.js';
import { registerInvitesRoutes } from './modules/invites/invites.routes.js';
import { createInvitesService } from './modules/invites/invites.service.js';
import { registerPasswordResetsRoutes } from './modules/password-resets/password-resets.routes.js';
import { createPasswordResetsService } from './modules/password-resets/password-resets.service.js';
import { createSessionsService } from './modules/sessions/sessions.service.js';
import { registerSettingsRoutes } from './modules/settings/settings.routes.js';
import { createSettingsService } from './modules/settings/settings.service.js';
import { registerUsersRoutes } from './modules/users/users.routes.js';
import { createUsersService } from './modules/users/users.service.js';
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
  /** SESSION_SECRET, or the one generated on the first start (see resolveSessionSecret). */
  sessionSecret: string;
}

/** The API + UI listener. No I/O happens here beyond what the routes do per request. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { database, options, logger, leadership, webAssets, sessionSecret } = deps;
  const { db } = database;
  const uiOrigins = options.uiPort !== undefined ? uiOriginMatcher(options) : () => false;
  const settings = createSettingsService(db);
  const sessions = createSessionsService(db, {
    secret: sessionSecret,
    secure: options.tls !== undefined,
    isTrustedOrigin: uiOrigins,
  });
  const users = createUsersService(db);
  const app = createListener({
    logger: logger.child({ listener: 'api' }),
    tls: options.tls,
    bodyLimit: API_BODY_LIMIT,
    access: { authenticators: [sessions.authenticate], openGroups: options.disableAuthEndpoints },
  });
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'warn' : 'debug';
    const path = request.url.split('?')[0];
    request.log[level]({ method: request.method, path, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });
  if (options.uiPort !== undefined) registerCors(app, uiOrigins);
  await registerOpenApi(app);

  registerStatusRoutes(app, createStatusService(db, leadership));
  registerAuthRoutes(app, { auth: createAuthService(db, settings), sessions, users, limiter: createLoginLimiter() });
  registerUsersRoutes(app, users);
  registerInvitesRoutes(app, { invites: createInvitesService(db, settings), sessions, settings, users });
  registerPasswordResetsRoutes(app, createPasswordResetsService(db, settings), settings);
  registerAccountRoutes(app, createAccountService(db, settings), sessions);
  registerSettingsRoutes(app, settings);
  registerDocsRoutes(app);
  registerWebRoutes(app, { assets: webAssets });
  return app;
}
