import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import {
  ConfigGroup,
  ConfigGroupCreate,
  ConfigGroupList,
  ConfigGroupListQuery,
  ConfigGroupPreview,
  ConfigGroupUpdate,
} from '@telegraf-controller/contract/configs';
import { IdParams } from '@telegraf-controller/contract/params';
import { typed } from '../../http/typed.js';
import type { SettingsService } from '../settings/settings.service.js';
import { registerStartCommandRoute } from '../configs/configs.routes.js';
import { TomlQuery, parametersOf, sendToml } from '../configs/toml-serving.js';
import type { ConfigGroupsService } from './config-groups.service.js';
import type { GroupRenderer } from './group-rendering.js';

const tags = ['config groups'];

export interface ConfigGroupsRoutesDeps {
  groups: ConfigGroupsService;
  renderer: GroupRenderer;
  settings: SettingsService;
  /** An id or an alias to the group's id. */
  resolveGroup: (idOrAlias: string) => Promise<string>;
}

export function registerConfigGroupsRoutes(
  server: FastifyInstance,
  { groups, renderer, settings, resolveGroup }: ConfigGroupsRoutesDeps,
) {
  const app = typed(server);
  app.get(
    '/api/config-groups',
    {
      config: { access: 'config-groups:read', group: 'configs' },
      schema: {
        tags,
        summary: 'Configuration groups: search (also member names), label filter, sort, pagination',
        querystring: ConfigGroupListQuery,
        response: { 200: ConfigGroupList },
      },
    },
    async (request) => groups.list(request.query),
  );
  app.get(
    '/api/config-groups/:id/preview',
    {
      config: { access: 'config-groups:read', group: 'configs' },
      schema: {
        tags,
        summary: 'The members merged in order with placeholders unresolved, and its validation findings',
        params: IdParams,
        response: { 200: ConfigGroupPreview },
      },
    },
    async (request) => groups.preview(await resolveGroup(request.params.id)),
  );
  registerStartCommandRoute(server, settings, {
    url: '/api/config-groups/:id/command',
    access: 'config-groups:read',
    summary: 'The command that starts Telegraf on this group (Linux/macOS or PowerShell)',
    build: async (id, input) => groups.startCommand(await resolveGroup(id), input),
  });
  app.post(
    '/api/config-groups',
    {
      config: { access: 'config-groups:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Create a group of configurations served as one file',
        body: ConfigGroupCreate,
        response: { 201: ConfigGroup },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await groups.create(request.identity, request.body, originOf(request))),
  );
  app.get(
    '/api/config-groups/:id',
    {
      config: { access: 'config-groups:read', group: 'configs' },
      schema: { tags, summary: 'One group, by id or alias', params: IdParams, response: { 200: ConfigGroup } },
    },
    async (request) => groups.get(await resolveGroup(request.params.id)),
  );
  app.patch(
    '/api/config-groups/:id',
    {
      config: { access: 'config-groups:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Rename, describe, or set the members in order (configIds replaces the list)',
        params: IdParams,
        body: ConfigGroupUpdate,
        response: { 200: ConfigGroup },
      },
    },
    async (request) =>
      groups.update(request.identity, await resolveGroup(request.params.id), request.body, originOf(request)),
  );
  app.delete(
    '/api/config-groups/:id',
    {
      config: { access: 'config-groups:delete', group: 'configs' },
      schema: {
        tags,
        summary: 'Delete a group (its configurations stay)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await groups.remove(request.identity, await resolveGroup(request.params.id), originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/config-groups/:id/toml',
    {
      config: { access: 'config-groups:read', group: 'configs' },
      schema: {
        tags,
        summary: 'The merged TOML of the group for an agent (GET or HEAD)',
        params: IdParams,
        querystring: TomlQuery,
      },
    },
    async (request, reply) =>
      sendToml(
        request,
        reply,
        await renderer.render(await resolveGroup(request.params.id), parametersOf(request.query)),
        renderer.fetches,
      ),
  );
}
