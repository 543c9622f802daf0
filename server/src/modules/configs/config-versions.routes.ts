import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import {
  ChangeNote,
  Config,
  ConfigVersion,
  ConfigVersionDetail,
  ConfigVersionList,
  ConfigVersionListQuery,
} from '@telegraf-controller/contract/configs';
import { IdParams } from '@telegraf-controller/contract/params';
import { Id } from '@telegraf-controller/contract/users';
import { AppError } from '../../http/errors.js';
import { typed } from '../../http/typed.js';
import type { ConfigVersionsService } from './config-versions.service.js';

const tags = ['config versions'];
const VersionParams = Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) });

export function registerConfigVersionsRoutes(server: FastifyInstance, versions: ConfigVersionsService): void {
  const app = typed(server);
  app.get(
    '/api/configs/:id/versions',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'The versions, newest first; paged',
        params: IdParams,
        querystring: ConfigVersionListQuery,
        response: { 200: ConfigVersionList },
      },
    },
    async (request) => versions.list(request.params.id, request.query),
  );
  app.get(
    '/api/configs/:id/versions/:version',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'One version; with compareTo=m also a unified diff from version m',
        params: VersionParams,
        querystring: Type.Object(
          { compareTo: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: { 200: ConfigVersionDetail },
      },
    },
    async (request) => versions.get(request.params.id, request.params.version, request.query.compareTo),
  );
  app.patch(
    '/api/configs/:id/versions/:version',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: "Change a version's note",
        params: VersionParams,
        body: Type.Object({ note: Type.Union([ChangeNote, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: ConfigVersion },
      },
    },
    async (request) =>
      versions.setNote(
        request.identity,
        request.params.id,
        request.params.version,
        request.body.note,
        originOf(request),
      ),
  );
  app.post(
    '/api/configs/:id/versions/:version/rollback',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: "Make a new version with this version's TOML",
        params: VersionParams,
        response: { 200: Config },
      },
    },
    async (request) =>
      versions.rollback(request.identity, request.params.id, request.params.version, originOf(request)),
  );
  app.delete(
    '/api/configs/:id/versions',
    {
      config: { access: 'configs:delete', group: 'configs' },
      schema: {
        tags,
        summary: 'Prune versions: ?versions=1,2 or ?before=n or ?beforeDate=ISO; never the current one',
        params: IdParams,
        querystring: Type.Object(
          {
            versions: Type.Optional(Type.String({ maxLength: 4096, pattern: '^\\d+(,\\d+)*$' })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            beforeDate: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ pruned: Type.Array(Type.Integer(), { maxItems: 100000 }) }) },
      },
    },
    async (request) => {
      const { query } = request;
      if (query.versions === undefined && query.before === undefined && query.beforeDate === undefined) {
        throw new AppError('validation_failed', 'Say which versions: versions, before or beforeDate');
      }
      const criteria = {
        versions: query.versions?.split(',').map(Number),
        before: query.before,
        beforeDate: query.beforeDate,
      };
      return versions.prune(request.identity, request.params.id, criteria, originOf(request));
    },
  );
}
