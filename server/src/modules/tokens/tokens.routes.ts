import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import {
  Token,
  TokenBulk,
  TokenBulkResult,
  TokenCapabilities,
  TokenCreate,
  TokenCreated,
  TokenList,
  TokenListQuery,
  TokenReassign,
  TokenRevokeQuery,
} from '@telegraf-controller/contract/tokens';
import { IdParams } from '@telegraf-controller/contract/params';
import { actorOf } from '../../http/actor.js';
import { typed } from '../../http/typed.js';
import type { TokensService } from './tokens.service.js';

export function registerTokensRoutes(server: FastifyInstance, tokens: TokensService): void {
  const app = typed(server);
  const tags = ['tokens'];
  app.get(
    '/api/tokens',
    {
      config: { access: 'tokens:read' },
      schema: {
        tags,
        summary: 'List tokens: every token for the owner and administrators, their own for anyone else',
        querystring: TokenListQuery,
        response: { 200: TokenList },
      },
    },
    async (request) => tokens.list(actorOf(request), request.query),
  );
  app.post(
    '/api/tokens',
    {
      config: { access: 'tokens:write' },
      schema: {
        tags,
        summary: 'Create a token; the value is in this response only. Permissions = requested ∩ your own',
        body: TokenCreate,
        response: { 201: TokenCreated },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await tokens.create(actorOf(request), request.body, originOf(request))),
  );
  app.get(
    '/api/tokens/capabilities',
    {
      config: { access: 'tokens:read' },
      schema: { tags, summary: 'Whether pre-shared token values are accepted', response: { 200: TokenCapabilities } },
    },
    async () => tokens.capabilities(),
  );
  app.post(
    '/api/tokens/bulk',
    {
      config: { access: 'tokens:write' },
      schema: {
        tags,
        summary: 'Revoke, delete or reassign many tokens: each id gets its own result, and the rest go on',
        body: TokenBulk,
        response: { 200: TokenBulkResult },
      },
    },
    async (request) => tokens.bulk(actorOf(request), request.body, originOf(request)),
  );
  app.get(
    '/api/tokens/:id',
    {
      config: { access: 'tokens:read' },
      schema: {
        tags,
        summary: 'One token (404 when it is not yours to see)',
        params: IdParams,
        response: { 200: Token },
      },
    },
    async (request) => tokens.get(actorOf(request), request.params.id),
  );
  app.post(
    '/api/tokens/:id/revoke',
    {
      config: { access: 'tokens:write' },
      schema: {
        tags,
        summary: 'Revoke for good; the record stays (?children=true: also the tokens created with it)',
        params: IdParams,
        querystring: TokenRevokeQuery,
        response: { 200: Token },
      },
    },
    async (request) => tokens.revoke(actorOf(request), request.params.id, request.query, originOf(request)),
  );
  app.delete(
    '/api/tokens/:id',
    {
      config: { access: 'tokens:delete' },
      schema: {
        tags,
        summary: 'Delete: the token and its record are gone',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await tokens.remove(actorOf(request), request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/tokens/:id/reassign',
    {
      config: { access: 'tokens:write' },
      schema: {
        tags,
        summary: "Give a token to another user (owner, administrators); narrowed to that user's role",
        params: IdParams,
        body: TokenReassign,
        response: { 200: Token },
      },
    },
    async (request) => tokens.reassign(actorOf(request), request.params.id, request.body.userId, originOf(request)),
  );
}
