import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ConfigRenderer } from './config-rendering.js';
import type { ServedToml } from './render-cache.js';
import { answerToml, parametersProblem } from './toml-answer.js';
import { createTomlFastPath, rememberTomlAnswer } from './toml-fast-path.js';

/** Every query parameter is a template parameter; a repeated name takes its first value (domain §9 #12). */
export function parametersOf(request: FastifyRequest): Record<string, string> {
  const query = request.query as Record<string, string | string[]>;
  const entries = Object.entries(query).map(
    ([name, value]) => [name, Array.isArray(value) ? value[0]! : value] as const,
  );
  const problem = parametersProblem(entries);
  if (problem !== undefined) throw problem;
  return Object.fromEntries(entries);
}

/**
 * Sends the rendered TOML (see `answerToml`) and lets the early path answer the same URL from now on: what goes
 * through here must follow from the URL and stored state alone, never from who is asking. A URL carrying parameters
 * the template does not use is answered but not remembered, so made-up parameters cannot fill the cache.
 */
export function sendToml(request: FastifyRequest, reply: FastifyReply, served: ServedToml): FastifyReply {
  const query = request.query as Record<string, unknown>;
  if (Object.keys(query).every((name) => served.parameters.has(name))) {
    rememberTomlAnswer(request.raw, request.routeOptions.url, served);
  }
  const answer = answerToml(served, request.method, request.headers);
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}

export function registerConfigTomlRoutes(
  app: FastifyInstance,
  renderer: ConfigRenderer,
  resolve: (idOrAlias: string) => Promise<string>,
): void {
  // Also answers the group and alias TOML routes, which send through `sendToml` too.
  app.answerEarly((access) => createTomlFastPath({ cache: renderer.cache, access, routes: app.routeAccess }));
  app.get(
    '/api/configs/:id/toml',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags: ['configs'],
        summary: 'The configuration as an agent loads it: query parameters and constants filled in (GET or HEAD)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        querystring: Type.Object({}, { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) }),
      },
    },
    async (request, reply) =>
      sendToml(
        request,
        reply,
        await renderer.render(await resolve((request.params as { id: string }).id), parametersOf(request)),
      ),
  );
}
