import type { FastifyInstance } from 'fastify';
import { IdParams } from '@telegraf-controller/contract/params';
import { typed } from '../../http/typed.js';
import type { ConfigRenderer } from './config-rendering.js';
import { createTomlFastPath } from './toml-fast-path.js';
import { TomlQuery, parametersOf, sendToml } from './toml-serving.js';

export function registerConfigTomlRoutes(
  server: FastifyInstance,
  renderer: ConfigRenderer,
  resolve: (idOrAlias: string) => Promise<string>,
): void {
  const app = typed(server);
  // Also answers the group and alias TOML routes, which send through `sendToml` too.
  app.answerEarly(({ access, headers, clientIp }) =>
    createTomlFastPath({
      cache: renderer.cache,
      access,
      headers,
      routes: app.routeAccess,
      fetches: renderer.fetches,
      clientIp,
    }),
  );
  app.get(
    '/api/configs/:id/toml',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags: ['configs'],
        summary: 'The configuration as an agent loads it: query parameters and constants filled in (GET or HEAD)',
        params: IdParams,
        querystring: TomlQuery,
      },
    },
    async (request, reply) =>
      sendToml(
        request,
        reply,
        await renderer.render(await resolve(request.params.id), parametersOf(request.query)),
        renderer.fetches,
      ),
  );
}
