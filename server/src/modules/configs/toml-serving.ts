import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServedToml } from './render-cache.js';
import { answerToml, parametersProblem } from './toml-answer.js';
import { plainAddress } from '../../http/client-address.js';
import type { FetchRecorder } from './fetch-recorder.js';
import { recordServed } from './served-versions.js';
import { rememberTomlAnswer } from './toml-fast-path.js';

/**
 * The query of every URL an agent loads TOML from (`/api/configs/{id}/toml`, `/api/config-groups/{id}/toml`,
 * `/c/{alias}`): any names, each a template parameter, given once or repeated.
 */
export const TomlQuery = Type.Unsafe<Record<string, string | string[]>>(
  Type.Object({}, { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]) }),
);
export type TomlQuery = Static<typeof TomlQuery>;

/** Every query parameter is a template parameter; a repeated name takes its first value (ADR 17). */
export function parametersOf(query: TomlQuery): Record<string, string> {
  const entries = Object.entries(query).map(
    ([name, value]) => [name, typeof value === 'string' ? value : value[0]!] as const,
  );
  const problem = parametersProblem(entries);
  if (problem !== undefined) throw problem;
  return Object.fromEntries(entries);
}

/**
 * Sends the rendered TOML (see `answerToml`) and lets the early path answer the same URL from now on: what goes
 * through here must follow from the URL and stored state alone, never from who is asking. A URL carrying parameters
 * the template does not use is answered but not remembered, so made-up parameters cannot fill the cache.
 */
export function sendToml(
  request: Pick<FastifyRequest, 'raw' | 'method' | 'headers' | 'identity' | 'ip'> & {
    query: TomlQuery;
    routeOptions: { url?: string | undefined };
  },
  reply: FastifyReply,
  served: ServedToml,
  fetches: FetchRecorder,
): FastifyReply {
  if (Object.keys(request.query).every((name) => served.parameters.has(name))) {
    rememberTomlAnswer(request.raw, request.routeOptions.url, served);
  }
  const answer = answerToml(served, request.method, request.headers);
  const url = request.raw.url ?? '';
  if (answer.status === 200 && request.method === 'GET' && served.configVersion !== null) {
    recordServed(url, served.configVersion);
  }
  if (request.method === 'GET' || request.method === 'HEAD') {
    fetches.record(url, request.method, served, request.identity?.token?.id ?? null, () => plainAddress(request.ip));
  }
  const { headers } = answer;
  for (let at = 0; at < headers.length; at += 2) reply.header(headers[at]!, headers[at + 1]!);
  return reply.code(answer.status).send(answer.body);
}
