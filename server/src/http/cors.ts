import type { FastifyInstance, FastifyRequest } from 'fastify';

export type OriginMatcher = (origin: string, request: FastifyRequest) => boolean;

/**
 * Cross-origin calls are refused unless the UI runs on its own port: then its origin (and PUBLIC_UI_URL /
 * PUBLIC_UI_PORT) may call the API with credentials. Nothing else is ever allowed.
 */
export function registerCors(app: FastifyInstance, isAllowed: OriginMatcher): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !isAllowed(origin, request)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
  });
  app.options('/*', { config: { access: 'public' }, schema: { hide: true } as object }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !isAllowed(origin, request)) return reply.code(403).send();
    reply.header('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
    reply.header('access-control-allow-headers', 'Content-Type, Authorization, X-Requested-With');
    reply.header('access-control-max-age', '600');
    return reply.code(204).send();
  });
}

/**
 * The origins of the UI when it has its own port: exactly `PUBLIC_UI_URL`'s origin, and the host this request
 * addressed (as `TRUST_PROXY` lets it be told) with the request's scheme on the UI port or `PUBLIC_UI_PORT`. Another
 * host on the UI port is another site, whatever its port.
 */
export function uiOriginMatcher(options: {
  uiPort: number | undefined;
  publicUiPort: number | undefined;
  publicUiUrl: string | undefined;
}): OriginMatcher {
  const ports = new Set([options.uiPort, options.publicUiPort].filter((p): p is number => p !== undefined));
  const publicOrigin = options.publicUiUrl === undefined ? undefined : new URL(options.publicUiUrl).origin;
  return (origin, request) => {
    if (origin === publicOrigin) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.origin !== origin || url.protocol !== `${request.protocol}:`) return false;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return ports.has(port) && url.hostname.toLowerCase() === request.hostname.toLowerCase();
  };
}
