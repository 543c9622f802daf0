import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Options } from '../options.js';
import { earlyAccess, registerAccessControl, type AccessControl, type EarlyAccess } from './access.js';
import { createHostCheck } from './allowed-hosts.js';
import { createClientAddress, trustFunction, type TrustProxy } from './client-address.js';
import { answerClientError, answerFrameworkError, registerErrorHandling, toProblem, writeProblem } from './errors.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** Agents and load balancers keep connections open for up to 75 s; close idle ones only after that. */
export const KEEP_ALIVE_MS = 76_000;
export const API_BODY_LIMIT = 1024 * 1024;
/** Time to send a whole request; the largest body (1 MiB) takes a fraction of it on any link an agent has. */
export const REQUEST_TIMEOUT_MS = 60_000;

export interface ListenerSettings {
  logger: Logger;
  tls: Options['tls'];
  bodyLimit: number;
  access: Omit<AccessControl, 'clientIp'>;
  /** Which proxies' `X-Forwarded-*` headers count (`TRUST_PROXY`). */
  trustProxy: TrustProxy;
  /** Host names requests may name (`ALLOWED_HOSTS`); undefined: any. */
  allowedHosts: readonly string[] | undefined;
  /**
   * Whether answers carry the browser security headers (`SECURITY_HEADERS`): yes where browsers come (API, UI), no
   * on the heartbeat listener, which only agents call and which never answers with a page.
   */
  securityHeaders: boolean;
}

/**
 * Takes a request exactly as the routes would answer it, deciding synchronously from its head and from memory
 * (the answer itself may follow once a body is read); or returns false, having read and written nothing, to leave it
 * to Fastify untouched. Anything it is unsure of must go to Fastify.
 */
export type EarlyAnswer = (request: IncomingMessage, response: ServerResponse) => boolean;

/** What an early answer is built with, once every route is known. */
export interface EarlyContext {
  access: EarlyAccess;
  /**
   * The headers every answer of this listener carries (the security headers, where browsers come), as the flat
   * name, value, … list `writeHead` takes. Routed answers get them from the request listener; an early answer sends
   * them itself, in its one `writeHead`, which keeps node's cheap path for the answers that must be fastest.
   */
  headers: readonly string[];
  /** The client's address as the routes see it (the peer, or what trusted proxies say). */
  clientIp: (request: IncomingMessage) => string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Puts an early answer in front of the router; `build` runs once every route is known (at ready). One per
     * listener; it stops answering when the listener starts closing, so closing answers stay Fastify's 503.
     */
    answerEarly(build: (context: EarlyContext) => EarlyAnswer): void;
  }
}

/**
 * What every listener shares: TLS, body limit, keep-alive, trusted proxies, allowed hosts, security headers,
 * problem+json errors and declared access.
 */
export function createListener({
  logger,
  tls,
  bodyLimit,
  access,
  trustProxy,
  allowedHosts,
  securityHeaders,
}: ListenerSettings): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    // Per-request logs are ours (the API logs at debug level; heartbeats are never logged one by one).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    keepAliveTimeout: KEEP_ALIVE_MS,
    // A request (headers and body) must arrive within this; a client that stalls does not hold a socket forever.
    requestTimeout: REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 512 },
    trustProxy: trustFunction(trustProxy) ?? false,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
        verbose: true,
      },
    },
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
  }) as unknown as FastifyInstance;
  // JSON is the only body the API takes; anything else is a 415 rather than a string that fails validation.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);
  // Sent by the request listener below, by whichever path answers: no hook per request for them (`inject`, which
  // skips the node server, does not see them; tests of them go over a socket).
  const headers = securityHeaders ? SECURITY_HEADERS.flat() : [];
  const control: AccessControl = { ...access, clientIp: createClientAddress(trustProxy) };
  registerAccessControl(app, control);
  registerEarlyAnswers(app, logger, { control, headers, hostAllowed: createHostCheck(allowedHosts, trustProxy) });
  return app;
}

/**
 * Runs an early answer's write once its body is in (outside the request listener): a failure before the first byte
 * is a 500 problem (with the listener's `headers`), after it ends that one socket. Nothing escapes to the process.
 */
export function answerSafely(
  response: ServerResponse,
  logger: Logger,
  headers: readonly string[],
  write: () => void,
): void {
  try {
    write();
  } catch (error) {
    logger.error({ err: error }, 'an early answer failed');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    try {
      writeProblem(response, toProblem('internal', 'An internal error occurred; it has been logged'), headers);
    } catch {
      response.destroy();
    }
  }
}

/**
 * Early answers sit between the node server and Fastify's router: the server Fastify made keeps every setting
 * (TLS, timeouts, keep-alive, extra bindings), only its request listener is wrapped. A request with an `Origin`
 * always goes to Fastify, whose CORS hook may have headers to add; so does every request while requests are logged
 * one by one (debug level), since only Fastify's hooks log them. A request naming a host outside `ALLOWED_HOSTS` is
 * refused here, before anything else. An early answer that throws before its first byte leaves the request to
 * Fastify; after it, that one socket is ended. Nothing a request does escapes this listener.
 */
function registerEarlyAnswers(
  app: FastifyInstance,
  logger: Logger,
  {
    control,
    headers,
    hostAllowed,
  }: {
    control: AccessControl;
    headers: readonly string[];
    hostAllowed: ((request: IncomingMessage) => boolean) | undefined;
  },
): void {
  const routed = app.server.listeners('request');
  if (routed.length !== 1) throw new Error(`expected Fastify's one request listener, found ${routed.length}`);
  const route = routed[0] as (request: IncomingMessage, response: ServerResponse) => void;
  const refusedHeaders = [...headers, 'connection', 'close'];
  let build: ((context: EarlyContext) => EarlyAnswer) | undefined;
  let answer: EarlyAnswer | undefined;
  app.server.removeListener('request', route);
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    try {
      if (hostAllowed !== undefined && !hostAllowed(request)) {
        const problem = toProblem('host_not_allowed', 'This controller does not answer for that host name');
        writeProblem(response, problem, refusedHeaders);
        return;
      }
      if (
        answer !== undefined &&
        request.headers.origin === undefined &&
        !logger.isLevelEnabled('debug') &&
        answer(request, response)
      ) {
        return;
      }
    } catch (error) {
      logger.error({ err: error }, 'an early answer failed; the router answers instead');
      if (response.headersSent) {
        response.destroy();
        return;
      }
    }
    for (let at = 0; at < headers.length; at += 2) response.setHeader(headers[at]!, headers[at + 1]!);
    route(request, response);
  });
  app.decorate('answerEarly', (next: (context: EarlyContext) => EarlyAnswer) => {
    if (build !== undefined) throw new Error('a listener has one early answer');
    build = next;
  });
  app.addHook('onReady', async () => {
    answer = build?.({ access: earlyAccess(control), headers, clientIp: control.clientIp });
  });
  app.addHook('preClose', async () => {
    answer = undefined;
  });
}
