import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EarlyAccess, Identity, RouteAccess } from '../../http/access.js';
import { AppError, problemOf, toProblem, writeProblem } from '../../http/errors.js';
import { answerSafely, type EarlyAnswer } from '../../http/fastify.js';
import { HEARTBEAT_PATHS } from './heartbeat.routes.js';
import { parseHeartbeatJson, type HeartbeatsService } from './heartbeats.service.js';

export interface HeartbeatFastPathDeps {
  heartbeats: HeartbeatsService;
  access: EarlyAccess;
  /** The headers every answer of the listener carries. */
  headers: readonly string[];
  /** Every route with its declared access (the same table the `onRequest` check reads). */
  routes: readonly RouteAccess[];
  /** The listener's body limit: a longer body is left to Fastify's 413. */
  bodyLimit: number;
  logger: Logger;
}

/**
 * Takes heartbeats before routing: a POST to one of the heartbeat paths, declared as Telegraf sends it (JSON with a
 * Content-Length within the body limit, not compressed), whose caller passes the route's access check from memory.
 * Its body is read and answered by the same service as the route's (`heartbeats.admit`): 202, or the same problem
 * document for a body that is not a heartbeat, a new-agent limit or a full buffer. Everything else goes to Fastify,
 * untouched. Once the body is taken, nothing it does can throw out of the listener: a failure is a 500 problem
 * before the first byte, and ends that one socket after it.
 */
export function createHeartbeatFastPath({
  heartbeats,
  access,
  headers,
  routes,
  bodyLimit,
  logger,
}: HeartbeatFastPathDeps): EarlyAnswer {
  const acceptedHeaders = [...headers, 'content-length', '0'];
  const declared = new Map(routes.filter((r) => r.method === 'POST').map((route) => [route.url, route]));
  const guarded = new Map<string, RouteAccess>(
    HEARTBEAT_PATHS.flatMap((path) => (declared.has(path) ? [[path, declared.get(path)!] as const] : [])),
  );
  return (request, response) => {
    if (request.method !== 'POST' || request.url === undefined) return false;
    const route = guarded.get(request.url);
    if (route === undefined) return false;
    const length = declaredLength(request, bodyLimit);
    if (length === undefined) return false;
    const caller = access.admit(request, route);
    if (caller === undefined) return false;
    readBody(request, length, (body) => answer(request, response, body, caller));
    return true;
  };

  function answer(request: IncomingMessage, response: ServerResponse, body: string, caller: Identity | null): void {
    const refuse = (error: unknown) =>
      answerSafely(response, logger, headers, () => {
        if (error instanceof AppError) return writeProblem(response, problemOf(error), headers);
        logger.error({ err: error }, 'request failed');
        writeProblem(response, toProblem('internal', 'An internal error occurred; it has been logged'), headers);
      });
    const accepted = () =>
      answerSafely(response, logger, headers, () => {
        response.writeHead(202, acceptedHeaders);
        response.end();
      });
    let admitted;
    try {
      let parsed;
      try {
        parsed = parseHeartbeatJson(body);
      } catch (error) {
        // Fastify closes the connection after a body it could not parse; so does this path.
        response.setHeader('connection', 'close');
        throw error;
      }
      admitted = heartbeats.admit(parsed, request, caller);
    } catch (error) {
      refuse(error);
      return;
    }
    if (admitted === undefined) accepted();
    else admitted.then(accepted, refuse);
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
