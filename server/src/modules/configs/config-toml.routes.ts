import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import type { ConfigRenderer, ServedToml } from './config-rendering.js';

const MAX_PARAMETERS = 100;
const MAX_VALUE_LENGTH = 4096;

/** Every query parameter is a template parameter; repeated names take their last value. */
export function parametersOf(request: FastifyRequest): Record<string, string> {
  const query = request.query as Record<string, string | string[]>;
  const entries = Object.entries(query).map(
    ([name, value]) => [name, Array.isArray(value) ? value.at(-1)! : value] as const,
  );
  if (entries.length > MAX_PARAMETERS) {
    throw new AppError('validation_failed', `At most ${MAX_PARAMETERS} parameters`);
  }
  for (const [name, value] of entries) {
    if (value.length > MAX_VALUE_LENGTH) {
      throw new AppError('validation_failed', `Parameter ${name.slice(0, 64)} is longer than ${MAX_VALUE_LENGTH}`, {
        errors: [
          { pointer: `/${name.slice(0, 64)}`, message: `must be at most ${MAX_VALUE_LENGTH} characters (in query)` },
        ],
      });
    }
  }
  return Object.fromEntries(entries);
}

/**
 * GET and HEAD answer the same headers (Telegraf's watcher sends HEAD and compares Last-Modified as a string).
 * Errors never carry Last-Modified: a changed header on an error would make a watching agent reload and die.
 */
export function sendToml(request: FastifyRequest, reply: FastifyReply, served: ServedToml): FastifyReply {
  reply.header('etag', served.etag).header('last-modified', served.lastModified).header('cache-control', 'no-cache');
  const ifNoneMatch = request.headers['if-none-match'];
  const notModified =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').some((tag) => tag.trim() === served.etag || tag.trim() === '*')
      : request.headers['if-modified-since'] === served.lastModified;
  if (notModified) return reply.code(304).send();
  if (request.headers.accept?.includes('application/octet-stream')) {
    const filename = served.filename.replace(/["\\\r\n]/g, '_');
    reply.type('application/octet-stream').header('content-disposition', `attachment; filename="${filename}"`);
  } else {
    reply.type('text/x-toml; charset=utf-8');
  }
  return reply.send(served.body);
}

export function registerConfigTomlRoutes(
  app: FastifyInstance,
  renderer: ConfigRenderer,
  resolve: (idOrAlias: string) => Promise<string>,
): void {
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
