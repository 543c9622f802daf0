import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Options } from '../options.js';
import { registerAccessControl, type AccessControl } from './access.js';
import { registerErrorHandling } from './errors.js';

/** Agents and load balancers keep connections open for up to 75 s; close idle ones only after that. */
export const KEEP_ALIVE_MS = 76_000;
export const API_BODY_LIMIT = 1024 * 1024;

export interface ListenerSettings {
  logger: Logger;
  tls: Options['tls'];
  bodyLimit: number;
  access: AccessControl;
}

/** What every listener shares: TLS, body limit, keep-alive, problem+json errors and declared access. */
export function createListener({ logger, tls, bodyLimit, access }: ListenerSettings): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    // Per-request logs are ours (the API logs at debug level; heartbeats are never logged one by one).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    keepAliveTimeout: KEEP_ALIVE_MS,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 512 },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
        verbose: true,
      },
    },
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
  }) as unknown as FastifyInstance;
  // JSON is the only body the API takes; anything else is a 415 rather than a string that fails validation.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);
  registerAccessControl(app, access);
  return app;
}
