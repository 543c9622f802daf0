import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import type { Permission } from '@telegraf-controller/contract/permissions';
import {
  Config,
  ConfigCreate,
  ConfigList,
  ConfigListQuery,
  ConfigTemplate,
  ConfigUpdate,
  MAX_TOML_BYTES,
  StartCommand,
  StartCommandQuery,
  TomlText,
} from '@telegraf-controller/contract/configs';
import { IdParams } from '@telegraf-controller/contract/params';
import { ValidationResult } from '@telegraf-controller/contract/toml';
import { typed } from '../../http/typed.js';
import { publicApiBase, publicHeartbeatBase } from '../settings/public-urls.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { CommandOptions } from './config-command.js';
import { newConfigTemplate } from './config-template.js';
import type { ConfigsService } from './configs.service.js';

/** TOML bodies may be 4 MiB of text, JSON-escaped. */
export const CONFIG_BODY_LIMIT = MAX_TOML_BYTES * 2;
const tags = ['configs'];

export interface ConfigsRoutesDeps {
  configs: ConfigsService;
  settings: SettingsService;
  heartbeatPort: number;
  /** An id or an alias (`/api/configs/{idOrAlias}`) to the configuration's id. */
  resolveConfig: (idOrAlias: string) => Promise<string>;
}

/** `GET …/{id}/command`: the start command for a configuration or a group, from Settings → API URL. */
export function registerStartCommandRoute(
  server: FastifyInstance,
  settings: SettingsService,
  route: {
    url: string;
    access: Permission;
    summary: string;
    build: (id: string, input: CommandOptions) => Promise<StartCommand>;
  },
): void {
  typed(server).get(
    route.url,
    {
      config: { access: route.access, group: 'configs' },
      schema: {
        tags,
        summary: route.summary,
        params: IdParams,
        querystring: StartCommandQuery,
        response: { 200: StartCommand },
      },
    },
    async (request) => {
      const { os = 'linux', watchInterval = '1m', ...values } = request.query;
      return route.build(request.params.id, {
        os,
        watchInterval,
        values,
        apiBaseUrl: await publicApiBase(settings, request),
      });
    },
  );
}

export function registerConfigsRoutes(
  server: FastifyInstance,
  { configs, settings, heartbeatPort, resolveConfig }: ConfigsRoutesDeps,
) {
  const app = typed(server);
  app.get(
    '/api/configs',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: { tags, summary: 'List configurations', querystring: ConfigListQuery, response: { 200: ConfigList } },
    },
    async (request) => configs.list(request.query),
  );
  app.post(
    '/api/configs',
    {
      bodyLimit: CONFIG_BODY_LIMIT,
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Create a configuration (version 1); without toml it starts from the heartbeat template',
        body: ConfigCreate,
        response: { 201: Config },
      },
    },
    async (request, reply) => {
      const base = await publicHeartbeatBase(settings, request, heartbeatPort);
      return reply.code(201).send(await configs.create(request.identity, request.body, base, originOf(request)));
    },
  );
  app.get(
    '/api/config-template',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'What a new configuration starts from: the heartbeat output pointed at this controller',
        response: { 200: ConfigTemplate },
      },
    },
    async (request) => ({ toml: newConfigTemplate(await publicHeartbeatBase(settings, request, heartbeatPort)) }),
  );
  app.post(
    '/api/configs/validate',
    {
      bodyLimit: CONFIG_BODY_LIMIT,
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'Check TOML the way Telegraf loads it: errors and warnings with line and column, and placeholders',
        body: Type.Object(
          {
            toml: TomlText,
            /** The configuration being edited (id or alias): warns where agents that load it could not run this. */
            configId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ValidationResult },
      },
    },
    async (request) => {
      const { toml, configId } = request.body;
      return configId === undefined ? configs.validate(toml) : configs.validateFor(toml, await resolveConfig(configId));
    },
  );
  app.post(
    '/api/configs/bulk/delete',
    {
      config: { access: 'configs:delete', group: 'configs' },
      schema: {
        tags,
        summary: 'Delete several configurations; those in use by reporting agents stay (inUse)',
        body: Type.Object({ ids: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500 }) }),
        response: {
          200: Type.Object({
            deleted: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }),
            missing: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }),
            /** Loaded by agents that reported within their rule's window: not deleted. */
            inUse: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500 }),
          }),
        },
      },
    },
    async (request) => configs.removeMany(request.identity, request.body.ids, originOf(request)),
  );
  app.get(
    '/api/configs/:id',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'One configuration with its TOML, by id or alias',
        params: IdParams,
        response: { 200: Config },
      },
    },
    async (request) => configs.get(await resolveConfig(request.params.id)),
  );
  registerStartCommandRoute(server, settings, {
    url: '/api/configs/:id/command',
    access: 'configs:read',
    summary: 'The command that starts Telegraf on this configuration (Linux/macOS or PowerShell)',
    build: async (id, input) => configs.startCommand(await resolveConfig(id), input),
  });
  app.patch(
    '/api/configs/:id',
    {
      bodyLimit: CONFIG_BODY_LIMIT,
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Change name, description or TOML (by id or alias); a TOML change (and only that) makes a new version',
        params: IdParams,
        body: ConfigUpdate,
        response: { 200: Config },
      },
    },
    async (request) =>
      configs.update(request.identity, await resolveConfig(request.params.id), request.body, originOf(request)),
  );
  app.delete(
    '/api/configs/:id',
    {
      config: { access: 'configs:delete', group: 'configs' },
      schema: {
        tags,
        summary: 'Delete a configuration (by id or alias) and its versions (409 config_in_use while agents load it)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await configs.remove(request.identity, await resolveConfig(request.params.id), originOf(request));
      return reply.code(204).send(null);
    },
  );
}
