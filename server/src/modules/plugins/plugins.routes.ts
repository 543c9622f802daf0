import type { FastifyInstance } from 'fastify';
import { PluginList, PluginListQuery } from '@telegraf-controller/contract/plugins';
import { typed } from '../../http/typed.js';
import { listPlugins } from './plugins.service.js';

const tags = ['plugins'];

export function registerPluginsRoutes(server: FastifyInstance): void {
  const app = typed(server);
  app.get(
    '/api/plugins',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary:
          'The plugin catalogue: each plugin of a default Telegraf build, with the release that introduced it, ' +
          'the operating systems it runs on and its tags; filtered by type and by a search of names and tags',
        querystring: PluginListQuery,
        response: { 200: PluginList },
      },
    },
    async (request) => listPlugins(request.query),
  );
}
