import type { FastifyInstance } from 'fastify';

/**
 * Cross-origin calls are refused unless the UI runs on its own port: then its origin (and PUBLIC_UI_URL /
 * PUBLIC_UI_PORT) may call the API with credentials. Nothing else is ever allowed.
 */
export function registerCors(app: FastifyInstance, isAllowed: (origin: string) => boolean): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !isAllowed(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
  });
  app.options('/*', { config: { access: 'public' }, schema: { hide: true } as object }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !isAllowed(origin)) return reply.code(403).send();
    reply.header('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
    reply.header('access-control-allow-headers', 'Content-Type, Authorization, X-Requested-With');
    reply.header('access-control-max-age', '600');
    return reply.code(204).send();
  });
}

export function uiOriginMatcher(options: {
  uiPort: number | undefined;
  publicUiPort: number | undefined;
  publicUiUrl: string | undefined;
}): (origin: string) => boolean {
  const ports = new Set([options.uiPort, options.publicUiPort].filter((p): p is number => p !== undefined));
  return (origin) => {
    if (options.publicUiUrl !== undefined && origin === new URL(options.publicUiUrl).origin) return true;
    try {
      const url = new URL(origin);
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      return ports.has(port);
    } catch {
      return false;
    }
  };
}
