import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import type { HeartbeatBuffer } from './heartbeat-buffer.js';
import { HeartbeatError, parseHeartbeat } from './heartbeat-message.js';

/** The paths Telegraf's `outputs.heartbeat` posts to. */
export const HEARTBEAT_PATHS = ['/agents/heartbeat', '/heartbeat'] as const;

/** The agent's address: the `Telegraf-Agent-IP` header when it holds an IP address, else the peer. */
function agentIp(request: IncomingMessage): string | null {
  const header = request.headers['telegraf-agent-ip'];
  const claimed = (Array.isArray(header) ? header[0] : header)?.trim();
  if (claimed && isIP(claimed)) return claimed;
  return request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? null;
}

/** A body that is not JSON is a bad heartbeat too, in the same words as any other. */
export function parseHeartbeatJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('invalid_heartbeat', 'The body is not valid JSON', {
      errors: [{ pointer: '', message: 'must be a JSON document' }],
    });
  }
}

/**
 * Checks a parsed body against schema v1 and keeps it in the write-behind buffer; throws the error to answer when it
 * is not a heartbeat or the buffer is full. A refused heartbeat changes nothing.
 */
export function admitHeartbeat(buffer: HeartbeatBuffer, body: unknown, request: IncomingMessage): void {
  let heartbeat;
  try {
    heartbeat = parseHeartbeat(body);
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
}

/**
 * `POST /agents/heartbeat` (and `/heartbeat`): checked against schema v1, kept in the write-behind buffer and
 * answered 202 at once. Requests from known tokens are usually answered before routing (`heartbeat-fast-path.ts`);
 * these routes answer the rest, alike.
 */
export function registerHeartbeatRoutes(app: FastifyInstance, buffer: HeartbeatBuffer): void {
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
          response: { 202: Type.Null() },
        },
      },
      async (request, reply) => {
        admitHeartbeat(buffer, request.body, request.raw);
        return reply.code(202).send();
      },
    );
  }
}
