import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EarlyAccess, RouteAccess } from '../../http/access.js';
import { AppError, problemOf, toProblem, writeProblem } from '../../http/errors.js';
import type { EarlyAnswer } from '../../http/fastify.js';
import type { HeartbeatBuffer } from './heartbeat-buffer.js';
import { admitHeartbeat, HEARTBEAT_PATHS, parseHeartbeatJson } from './heartbeat.routes.js';

export interface HeartbeatFastPathDeps {
  buffer: HeartbeatBuffer;
  access: EarlyAccess;
  /** Every route with its declared access (the same table the `onRequest` check reads). */
  routes: readonly RouteAccess[];
  /** The listener's body limit: a longer body is left to Fastify's 413. */
  bodyLimit: number;
  logger: Logger;
}

/**
 * Takes heartbeats before routing: a POST to one of the heartbeat paths, declared as Telegraf sends it (JSON with a
 * Content-Length within the body limit, not compressed), whose caller passes the route's access check from memory.
 * Its body is read and answered by the same functions as the route's (`admitHeartbeat`): 202, or the same problem
 * document for a body that is not a heartbeat or a full buffer. Everything else goes to Fastify, untouched.
 */
export function createHeartbeatFastPath({
  buffer,
  access,
  routes,
  bodyLimit,
  logger,
}: HeartbeatFastPathDeps): EarlyAnswer {
  const declared = new Map(routes.filter((r) => r.method === 'POST').map((route) => [route.url, route]));
  const guarded = new Map<string, RouteAccess>(
    HEARTBEAT_PATHS.flatMap((path) => (declared.has(path) ? [[path, declared.get(path)!] as const] : [])),
  );
  return (request, response) => {
    if (request.method !== 'POST' || request.url === undefined) return false;
    const route = guarded.get(request.url);
    if (route === undefined) return false;
    const length = declaredLength(request, bodyLimit);
    if (length === undefined || !access.allows(request, route)) return false;
    readBody(request, length, (body) => answer(request, response, body));
    return true;
  };

  function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
    try {
      let parsed;
      try {
        parsed = parseHeartbeatJson(body);
      } catch (error) {
        // Fastify closes the connection after a body it could not parse; so does this path.
        response.setHeader('connection', 'close');
        throw error;
      }
      admitHeartbeat(buffer, parsed, request);
    } catch (error) {
      if (error instanceof AppError) {
        writeProblem(response, problemOf(error));
      } else {
        logger.error({ err: error }, 'request failed');
        writeProblem(response, toProblem('internal', 'An internal error occurred; it has been logged'));
      }
      return;
    }
    response.writeHead(202, { 'content-length': '0' });
    response.end();
  }
}

/** The body's length when the request is sent as Telegraf sends it and fits the limit; else undefined. */
function declaredLength(request: IncomingMessage, bodyLimit: number): number | undefined {
  const { 'content-type': type, 'content-length': length, 'content-encoding': encoding } = request.headers;
  if (type !== 'application/json' || encoding !== undefined || request.headers['transfer-encoding'] !== undefined) {
    return undefined;
  }
  const bytes = length === undefined || !/^\d{1,9}$/.test(length) ? NaN : Number(length);
  return bytes > 0 && bytes <= bodyLimit ? bytes : undefined;
}

/**
 * Reads the body as it arrives (memory grows with what was sent, not with what was declared); node's parser holds it
 * to Content-Length, and a request that ends short of it or breaks is dropped.
 */
function readBody(request: IncomingMessage, length: number, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  request.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
  });
  request.on('end', () => {
    if (received === length) done(Buffer.concat(chunks, received).toString('utf8'));
    else request.socket.destroy();
  });
  request.on('error', () => request.socket.destroy());
}
