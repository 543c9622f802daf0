import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../../http/errors.js';
import { encodeComponentStrictly } from '../../lib/urls.js';
import type { ServedToml } from './render-cache.js';

/** What one agent URL may carry: every query parameter is a template parameter. */
export const MAX_PARAMETERS = 100;
export const MAX_VALUE_LENGTH = 4096;

/** Why these parameters cannot be used, or undefined when they can. */
export function parametersProblem(entries: ReadonlyArray<readonly [string, string]>): AppError | undefined {
  if (entries.length > MAX_PARAMETERS) {
    return new AppError('validation_failed', `At most ${MAX_PARAMETERS} parameters`);
  }
  for (const [name, value] of entries) {
    if (value.length > MAX_VALUE_LENGTH) {
      return new AppError('validation_failed', `Parameter ${name.slice(0, 64)} is longer than ${MAX_VALUE_LENGTH}`, {
        errors: [
          { pointer: `/${name.slice(0, 64)}`, message: `must be at most ${MAX_VALUE_LENGTH} characters (in query)` },
        ],
      });
    }
  }
  return undefined;
}

export interface TomlAnswer {
  status: 200 | 304;
  /** Name, value, name, value…: lower-case names, in the order they are sent (as node's `writeHead` takes them). */
  headers: string[];
  /** The bytes to send; none for 304 (and none is sent for HEAD, which still declares the GET length). */
  body: Buffer | undefined;
}

/**
 * The one answer to a GET or HEAD of a rendered configuration, whichever path serves it (the early path passes its
 * listener's headers, which the router's path has already set). GET and HEAD carry the
 * same headers (Telegraf's watcher sends HEAD and compares Last-Modified as a string); If-None-Match, when sent,
 * decides alone, as RFC 9110 asks. Errors never get here, so they never carry Last-Modified: a changed header on an
 * error would make a watching agent reload and die.
 */
export function answerToml(
  served: ServedToml,
  method: string,
  request: IncomingHttpHeaders,
  listenerHeaders: readonly string[] = [],
): TomlAnswer {
  const headers = [
    ...listenerHeaders,
    'etag',
    served.etag,
    'last-modified',
    served.lastModified,
    'cache-control',
    'no-cache',
  ];
  const ifNoneMatch = request['if-none-match'];
  const notModified =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').some((tag) => tag.trim() === served.etag || tag.trim() === '*')
      : request['if-modified-since'] === served.lastModified;
  if (notModified) {
    // Fastify declares an empty body on a HEAD answer without one; GET's 304 declares nothing.
    if (method === 'HEAD') headers.push('content-length', '0');
    return { status: 304, headers, body: undefined };
  }
  if (request.accept?.includes('application/octet-stream')) {
    headers.push(
      'content-type',
      'application/octet-stream',
      'content-disposition',
      contentDisposition(served.filename),
    );
  } else {
    headers.push('content-type', 'text/x-toml; charset=utf-8');
  }
  headers.push('content-length', String(served.body.length));
  return { status: 200, headers, body: served.body };
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII `filename=` for old clients (anything else, quotes and
 * backslashes as `_`) and the exact name as RFC 5987 `filename*=UTF-8''…`. Header values must be Latin-1 without
 * controls, or node refuses to send them; both forms here are plain ASCII whatever the name holds.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/gu, '_');
  const encoded = encodeComponentStrictly(filename);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
