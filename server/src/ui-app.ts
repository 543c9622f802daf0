import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createListener } from './http/fastify.js';
import { safeBaseUrl } from './lib/urls.js';
import type { Options } from './options.js';
import type { WebAsset } from './modules/web/web.assets.js';
import { registerWebRoutes } from './modules/web/web.routes.js';

/**
 * The optional UI-only listener (`--ui-port`): static files, no API. The page learns where the API is from a meta
 * tag: PUBLIC_API_URL, else the host name the browser used with PUBLIC_API_PORT (default: --port).
 */
export async function buildUiApp(
  options: Options,
  logger: Logger,
  webAssets: Map<string, WebAsset> | undefined,
): Promise<FastifyInstance> {
  const app = createListener({
    logger: logger.child({ listener: 'ui' }),
    tls: options.tls,
    bodyLimit: 1024,
    trustProxy: options.trustProxy,
    allowedHosts: options.allowedHosts,
    securityHeaders: true,
    access: { authenticators: [], openGroups: [] },
  });
  const apiBase = (request: FastifyRequest): string | undefined => {
    if (options.publicApiUrl !== undefined) return options.publicApiUrl;
    // The browser's host name, rebuilt from safe parts (it is the caller's to write); undefined when it is no host.
    return safeBaseUrl(`${request.protocol}://${request.hostname}:${options.publicApiPort ?? options.port}`);
  };
  registerWebRoutes(app, { assets: webAssets, apiBase });
  return app;
}
