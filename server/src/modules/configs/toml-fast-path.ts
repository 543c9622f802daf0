import type { IncomingMessage } from 'node:http';
import type { RouteAccess } from '../../http/access.js';
import type { EarlyAccess } from '../../http/access.js';
import type { EarlyAnswer } from '../../http/fastify.js';
import type { RenderCache, ServedToml } from './render-cache.js';
import { plainAddress } from '../../http/client-address.js';
import type { FetchRecorder } from './fetch-recorder.js';
import { recordServed } from './served-versions.js';
import { answerToml } from './toml-answer.js';

/** The routes that serve rendered TOML, told apart by how their paths begin and end. */
const TOML_ROUTES = [
  { url: '/api/configs/:id/toml', prefix: '/api/configs/', suffix: '/toml' },
  { url: '/api/config-groups/:id/toml', prefix: '/api/config-groups/', suffix: '/toml' },
  { url: '/c/:alias', prefix: '/c/', suffix: '' },
] as const;

/** Agents' URLs are short; a longer one is served, but not remembered. */
const MAX_REMEMBERED_URL_LENGTH = 2048;

interface Miss {
  cache: RenderCache;
  key: string;
  readSince: number;
  routeUrl: string;
}

/** Requests this path could not answer, with what their answer is to be remembered under. */
const misses = new WeakMap<IncomingMessage, Miss>();

export interface TomlFastPathDeps {
  cache: RenderCache;
  access: EarlyAccess;
  /** The headers every answer of the listener carries. */
  headers: readonly string[];
  /** Every route with its declared access (the same table the `onRequest` check reads). */
  routes: readonly RouteAccess[];
  /** Where what was served to whom is noted, and the client's address for it. */
  fetches: FetchRecorder;
  clientIp: (request: IncomingMessage) => string | null;
}

/**
 * Answers GET and HEAD of rendered TOML before routing, when the routes already answered the very same URL and the
 * caller passes that route's access check from memory. An answer is remembered under the raw request URL, in the
 * render cache, which every change that can alter it clears: whatever Fastify makes of the URL (path decoding,
 * alias lookup, query parsing, parameter limits), the same URL gets the same answer, so none of it is redone here.
 * Everything else (no or unknown token, missing permission, a URL not answered yet, an error) goes to Fastify.
 */
export function createTomlFastPath({
  cache,
  access,
  headers,
  routes,
  fetches,
  clientIp,
}: TomlFastPathDeps): EarlyAnswer {
  const declared = new Map(routes.map((route) => [`${route.method} ${route.url}`, route]));
  const guarded = TOML_ROUTES.flatMap((route) => {
    const get = declared.get(`GET ${route.url}`);
    const head = declared.get(`HEAD ${route.url}`);
    return get === undefined || head === undefined ? [] : [{ ...route, get, head }];
  });
  return (request, response) => {
    const { method, url } = request;
    if ((method !== 'GET' && method !== 'HEAD') || url === undefined || !bodiless(request)) return false;
    const route = guarded.find(({ prefix, suffix }) => {
      if (!url.startsWith(prefix)) return false;
      const queryAt = url.indexOf('?', prefix.length);
      return (queryAt === -1 ? url : url.slice(0, queryAt)).endsWith(suffix);
    });
    if (route === undefined) return false;
    // The URL itself is the key: it starts with '/', where every `renderKey` starts with a digit.
    const key = url;
    const served = cache.get(key);
    if (served === undefined) {
      if (url.length <= MAX_REMEMBERED_URL_LENGTH) {
        misses.set(request, { cache, key, readSince: cache.generation(), routeUrl: route.url });
      }
      return false;
    }
    const caller = access.admit(request, method === 'GET' ? route.get : route.head);
    if (caller === undefined) return false;
    // A group served by an alias asks for config-groups:read too, as the route does.
    if (served.kind === 'group' && caller !== null && !caller.permissions.has('config-groups:read')) return false;
    const answer = answerToml(served, method, request.headers, headers);
    if (answer.status === 200 && method === 'GET' && served.configVersion !== null) {
      recordServed(url, served.configVersion);
    }
    fetches.record(url, method, served, caller?.token?.id ?? null, () => plainAddress(clientIp(request)));
    response.writeHead(answer.status, answer.headers);
    response.end(method === 'GET' ? answer.body : undefined);
    return true;
  };
}

/**
 * After a TOML route rendered `served` for a request this path could not answer: remembers it under the request's
 * URL, so the next request for that URL is answered early. Only when Fastify routed the request to the route this
 * path took it for, so the access rule checked early is the one Fastify applied; never for an answer whose reads
 * began before the cache was last cleared; and never for a request that did not come through the node server.
 */
export function rememberTomlAnswer(request: IncomingMessage, routeUrl: string | undefined, served: ServedToml): void {
  const miss = misses.get(request);
  if (miss === undefined) return;
  misses.delete(request);
  if (miss.routeUrl === routeUrl) miss.cache.set(miss.key, served, miss.readSince);
}

/** GET and HEAD bodies are never read by the routes; a request that sends one anyway is left to Fastify. */
function bodiless(request: IncomingMessage): boolean {
  const { 'content-length': length, 'transfer-encoding': encoding } = request.headers;
  return encoding === undefined && (length === undefined || length === '0');
}
