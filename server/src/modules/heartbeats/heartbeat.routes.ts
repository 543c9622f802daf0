import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import type { HeartbeatBuffer } from './heartbeat-buffer.js';
import { HeartbeatError, parseHeartbeat } from './heartbeat-message.js';

/** The agent's address: the `Telegraf-Agent-IP` header when it holds an IP address, else the peer. */
function agentIp(request: FastifyRequest): string | null {
  const header = request.headers['telegraf-agent-ip'];
  const claimed = (Array.isArray(header) ? header[0] : header)?.trim();
  if (claimed && isIP(claimed)) return claimed;
  return request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? null;
}

/**
 * `POST /agents/heartbeat` (and `/heartbeat`): checked against schema v1, kept in the write-behind buffer and
 * answered 202 at once. A refused heartbeat changes nothing.
 */
export function registerHeartbeatRoutes(app: FastifyInstance, buffer: HeartbeatBuffer): void {
  // A body that is not JSON is a bad heartbeat too, in the same words as any other.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(
        new AppError('invalid_heartbeat', 'The body is not valid JSON', {
          errors: [{ pointer: '', message: 'must be a JSON document' }],
        }),
      );
    }
  });
  for (const url of ['/agents/heartbeat', '/heartbeat']) {
    app.post(
      url,
      {
        config: { access: 'heartbeat:write', group: 'heartbeat' },
        schema: {
          tags: ['heartbeats'],
          summary: "Telegraf's outputs.heartbeat message (schema 1); 202 once buffered",
          response: { 202: Type.Null() },
        },
      },
      async (request, reply) => {
        let heartbeat;
        try {
          heartbeat = parseHeartbeat(request.body);
        } catch (error) {
          if (!(error instanceof HeartbeatError)) throw error;
          throw new AppError('invalid_heartbeat', `${error.pointer || '(the body)'} ${error.rule}`, {
            errors: [{ pointer: error.pointer, message: error.rule }],
          });
        }
        if (!buffer.accept(heartbeat, agentIp(request))) {
          throw new AppError('not_ready', 'The controller is catching up with its database; send again later', {
            retryAfter: 5,
          });
        }
        return reply.code(202).send();
      },
    );
  }
}
