import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { describeAccess, type Access } from '../../http/access.js';
import { VERSION } from '../../lib/version.js';

/**
 * Registers the OpenAPI generator. Must run before any route is added: it collects routes as they register.
 * Each operation carries its access requirement as `x-access` (and `x-endpoint-group`) and in its description.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Telegraf Controller API',
        version: VERSION,
        description:
          'Control plane for Telegraf fleets. Authenticate with a browser session or an API token sent as ' +
          '`Authorization: Bearer tc-apiv1_…` (or `Token tc-apiv1_…`). Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'API token: tc-apiv1_ + 64 hex' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tc_session' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const config = (route.config ?? {}) as { access?: Access; group?: string };
      const access = config.access ?? 'public';
      const description = describeAccess(access, config.group as never);
      const transformed: Record<string, unknown> = {
        ...schema,
        description: schema?.description ? `${schema.description}\n\n${description}` : description,
        'x-access': access,
        security: access === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      };
      if (config.group) transformed['x-endpoint-group'] = config.group;
      return { schema: transformed, url };
    },
  });
}
