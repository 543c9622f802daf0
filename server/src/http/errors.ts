import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode, type Problem } from '@telegraf-controller/contract/problem';

export interface ProblemExtras {
  errors?: Problem['errors'];
  missing?: string[];
  retryAfter?: number;
  /** Overrides the status the code normally carries (rare: e.g. 503 from a health probe). */
  status?: number;
  /** Further members a code documents (e.g. `usedBy` on constant_in_use). */
  [member: string]: unknown;
}

/** The one error type routes and services throw; the handler below turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail);
  }
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'Authentication required',
  forbidden: 'Not permitted',
  not_found: 'Not found',
  validation_failed: 'Invalid request',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  method_not_allowed: 'Method not allowed',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
};

function titleOf(code: ErrorCode): string {
  const title = TITLES[code] ?? code.replace(/_/g, ' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

export function toProblem(code: ErrorCode, detail: string, extras: ProblemExtras = {}): Problem {
  const { status, ...rest } = extras;
  return {
    type: `urn:telegraf-controller:problem:${code}`,
    title: titleOf(code),
    status: status ?? ERROR_CODES[code],
    detail,
    code,
    ...rest,
  };
}

const PROBLEM_TYPE = 'application/problem+json';

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
  return reply.code(problem.status).type(PROBLEM_TYPE).send(problem);
}

/**
 * The same answer as `sendProblem`, from an early answer that has no Fastify reply (see `answerEarly`), with the
 * listener's own `headers` first.
 */
export function writeProblem(response: ServerResponse, problem: Problem, headers: readonly string[]): void {
  const body = JSON.stringify(problem);
  response.writeHead(problem.status, [
    ...headers,
    // As Fastify completes the type when it serializes the document.
    'content-type',
    `${PROBLEM_TYPE}; charset=utf-8`,
    'content-length',
    String(Buffer.byteLength(body)),
    ...(problem.retryAfter !== undefined ? ['retry-after', String(problem.retryAfter)] : []),
  ]);
  response.end(body);
}

/** The problem document of an error a route or service threw on purpose. */
export const problemOf = (error: AppError): Problem => toProblem(error.code, error.detail, error.extras);

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

const CONTEXTS: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** Ajv issues → `{pointer, message}` with a pointer to the offending value itself, not its parent. */
function fieldErrors(issues: ValidationIssue[], context: string): NonNullable<Problem['errors']> {
  return issues.slice(0, 100).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    const child = params.missingProperty ?? params.additionalProperty;
    const pointer = `${issue.instancePath}${typeof child === 'string' ? `/${child}` : ''}` || '/';
    // A pattern means little to a person; the schema's description says what the value must be.
    const description = (issue as { parentSchema?: { description?: unknown } }).parentSchema?.description;
    const rule =
      params.additionalProperty !== undefined
        ? 'is not an accepted field'
        : issue.keyword === 'pattern' && typeof description === 'string'
          ? `must be ${description}`
          : (issue.message ?? 'is invalid');
    const where = context === 'body' ? '' : ` (in ${context})`;
    return { pointer, message: `${rule}${where}` };
  });
}

function problemFromError(error: FastifyError): Problem {
  if (error instanceof AppError) return problemOf(error);
  if (isDatabaseUnavailable(error)) {
    return toProblem('not_ready', 'The database cannot be reached right now; try again shortly', { retryAfter: 5 });
  }
  if (error.validation) {
    const context = CONTEXTS[error.validationContext ?? 'body'] ?? 'body';
    const errors = fieldErrors(error.validation, context);
    const first = errors[0]!;
    return toProblem('validation_failed', `${first.pointer} ${first.message}`, { errors });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return toProblem('validation_failed', 'The request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return toProblem('payload_too_large', 'The request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return toProblem('unsupported_media_type', 'Send the request body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return toProblem('validation_failed', 'The Content-Length header does not match the body');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return toProblem('validation_failed', 'The request body is not valid JSON');
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return toProblem('not_found', 'Not found');
  if (status === 405) return toProblem('method_not_allowed', 'Method not allowed');
  if (status === 413) return toProblem('payload_too_large', 'The request body is larger than this route accepts');
  if (status === 429) return toProblem('rate_limited', 'Too many requests');
  if (status >= 400 && status < 500) return toProblem('validation_failed', 'The request is malformed', { status });
  return toProblem('internal', 'An internal error occurred; it has been logged');
}

/**
 * Errors Fastify meets before routing (`frameworkErrors`): a path whose percent-encoding does not decode, or a path
 * parameter over the router's length limit. Answered like every other error, never as Fastify's own JSON.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? toProblem('validation_failed', 'A part of the path is longer than any name or id', { status: 414 })
      : error.code === 'FST_ERR_BAD_URL'
        ? toProblem('validation_failed', 'The path holds a percent-encoding that does not decode')
        : problemFromError(error);
  void sendProblem(reply, problem);
}

/**
 * A request node could not parse (`clientError`: a head over 16 KiB, a malformed request line, a client that
 * stalls): the same problem+json on the socket, which is then closed. A HEAD gets the head alone, as HTTP asks.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined;
  const problem =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? toProblem('request_timeout', 'The request did not arrive in time')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? toProblem('headers_too_large', 'The request line and headers are larger than 16 KiB')
        : toProblem('validation_failed', 'The request is not well-formed HTTP');
  const body = raw?.subarray(0, 5).toString('latin1') === 'HEAD ' ? '' : JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nConnection: close\r\n` +
        `Content-Type: ${PROBLEM_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** While the database is unavailable, the 503s it causes are logged at most this often per cause and listener. */
const UNAVAILABLE_LOG_INTERVAL_MS = 60_000;

/**
 * One handler for every error and every unknown route: problem+json, never a stack trace or a secret. A failure of
 * ours is logged with its stack; a database that is down, full or locked is one warning per cause a minute (the
 * heartbeat buffer logs the error line when writes begin to fail), not a stack per request.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  const warnedAt = new Map<string, number>();
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFromError(error);
    if (problem.status >= 500 && !(error instanceof AppError)) {
      if (!isDatabaseUnavailable(error)) request.log.error({ err: error }, 'request failed');
      else if (Date.now() - (warnedAt.get(error.message) ?? -Infinity) >= UNAVAILABLE_LOG_INTERVAL_MS) {
        warnedAt.set(error.message, Date.now());
        request.log.warn({ code: error.code }, `answering 503 while the database is unavailable: ${error.message}`);
      }
    }
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return sendProblem(reply, toProblem('not_found', `No route ${request.method} ${path.slice(0, 512)}`));
  });
}
