import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Options } from '../options.js';
import { toProblem } from './errors.js';

/**
 * What answers on the API port while the controller waits for its database at start-up: live (`/health/live` 200),
 * not ready (everything else 503 `not_ready`, Retry-After), so orchestrators keep it and load balancers skip it.
 */
export async function openWaitingListener(options: Pick<Options, 'host' | 'port' | 'tls'>) {
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' && request.url?.split('?')[0] === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"status":"ok"}');
      return;
    }
    const problem = toProblem('not_ready', 'The controller is waiting for its database; try again shortly', {
      retryAfter: 5,
    });
    response
      .writeHead(503, { 'content-type': 'application/problem+json; charset=utf-8', 'retry-after': '5' })
      .end(request.method === 'HEAD' ? undefined : JSON.stringify(problem));
  };
  const server = options.tls ? createHttpsServer(options.tls, answer) : createHttpServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
