import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  Alias,
  AliasCreate,
  AliasList,
  AliasListQuery,
  AliasName,
  AliasTransfer,
} from '@telegraf-controller/contract/configs';
import { IdParams } from '@telegraf-controller/contract/params';
import { Id } from '@telegraf-controller/contract/users';
import { AppError } from '../../http/errors.js';
import { typed } from '../../http/typed.js';
import type { ConfigRenderer } from '../configs/config-rendering.js';
import type { GroupRenderer } from '../config-groups/group-rendering.js';
import { TomlQuery, parametersOf, sendToml } from '../configs/toml-serving.js';
import type { AliasesService } from './aliases.service.js';
import { originOf, performedBy } from '../audit/audit-origin.js';

const by = (request: FastifyRequest) => performedBy(request.identity, originOf(request));

const tags = ['aliases'];

export interface AliasesRoutesDeps {
  aliases: AliasesService;
  configRenderer: ConfigRenderer;
  groupRenderer: GroupRenderer;
}

const TARGETS = [
  { type: 'config', prefix: '/api/configs', resource: 'configs', noun: 'configuration' },
  { type: 'group', prefix: '/api/config-groups', resource: 'config-groups', noun: 'configuration group' },
] as const;

export function registerAliasesRoutes(
  server: FastifyInstance,
  { aliases, configRenderer, groupRenderer }: AliasesRoutesDeps,
): void {
  const app = typed(server);
  for (const { type, prefix, resource, noun } of TARGETS) {
    app.get(
      `${prefix}/:id/aliases`,
      {
        config: { access: `${resource}:read`, group: 'configs' },
        schema: {
          tags,
          summary: `A ${noun}'s aliases by name, each with the agents loading it through the alias; paged`,
          params: IdParams,
          querystring: AliasListQuery,
          response: { 200: AliasList },
        },
      },
      async (request) => aliases.listFor(type, request.params.id, request.query),
    );
    app.post(
      `${prefix}/:id/aliases`,
      {
        config: { access: `${resource}:write`, group: 'configs' },
        schema: {
          tags,
          summary: `Add an alias: /c/{alias} then names this ${noun} (409 alias_conflict)`,
          params: IdParams,
          body: AliasCreate,
          response: { 201: Alias },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await aliases.add(by(request), type, request.params.id, request.body.alias)),
    );
    app.delete(
      `${prefix}/:id/aliases/:alias`,
      {
        config: { access: `${resource}:write`, group: 'configs' },
        schema: {
          tags,
          summary: 'Remove an alias',
          params: Type.Object({ id: Id, alias: AliasName }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await aliases.remove(by(request), type, request.params.id, request.params.alias);
        return reply.code(204).send(null);
      },
    );
  }
  app.post(
    '/api/aliases/:alias/transfer',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Point an alias at another configuration or group: agents on the alias URL switch at their next check',
        params: Type.Object({ alias: AliasName }),
        body: AliasTransfer,
        response: { 200: Alias },
      },
    },
    async (request) => aliases.transfer(by(request), request.params.alias, request.body),
  );
  app.get(
    '/c/:alias',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'The configuration or group an alias names, rendered for an agent (GET or HEAD)',
        params: Type.Object({ alias: Type.String({ minLength: 1, maxLength: 63 }) }),
        querystring: TomlQuery,
      },
    },
    async (request, reply) => {
      const target = await aliases.resolve(request.params.alias);
      // A group behind an alias needs what its own URL needs (unless the configs group is opened to anyone).
      if (target.targetType === 'group' && request.identity?.permissions.has('config-groups:read') === false) {
        throw new AppError(
          'forbidden',
          'This alias names a configuration group: it needs the config-groups:read permission',
        );
      }
      const renderer = target.targetType === 'group' ? groupRenderer : configRenderer;
      const served = await renderer.render(target.targetId, parametersOf(request.query));
      return sendToml(request, reply, served, renderer.fetches);
    },
  );
}
