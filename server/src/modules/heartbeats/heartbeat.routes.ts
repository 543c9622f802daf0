import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../http/errors.js';
import { typed } from '../../http/typed.js';
import { parseHeartbeatJson, type HeartbeatsService } from './heartbeats.service.js';

/** The paths Telegraf's `outputs.heartbeat` posts to. */
export const HEARTBEAT_PATHS = ['/agents/heartbeat', '/heartbeat'] as const;

/** 202 with no body at all, as the early answer sends it (documented as null, which is what a reader may expect). */
const Accepted = Type.Unsafe<undefined>(Type.Null());

/**
 * `POST /agents/heartbeat` (and `/heartbeat`): admitted by the heartbeats service and answered 202 at once.
 * Requests from known tokens are usually answered before routing (`heartbeat-fast-path.ts`); these routes answer
 * the rest, alike.
 */
export function registerHeartbeatRoutes(server: FastifyInstance, heartbeats: HeartbeatsService): void {
  const app = typed(server);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseHeartbeatJson(body as string));
    } catch (error) {
      done(error as AppError);
    }
  });
  for (const url of HEARTBEAT_PATHS) {
    app.post(
      url,
      {
        config: { access: 'heartbeat:write', group: 'heartbeat' },
        schema: {
          tags: ['heartbeats'],
          summary: "Telegraf's outputs.heartbeat message (schema 1); 202 once buffered",
          response: { 202: Accepted },
        },
      },
      async (request, reply) => {
        await heartbeats.admit(request.body, request.raw, request.identity);
        return reply.code(202).send();
      },
    );
  }
}
