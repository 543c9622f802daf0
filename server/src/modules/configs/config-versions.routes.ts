import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ChangeNote,
  Config,
  ConfigVersion,
  ConfigVersionDetail,
  ConfigVersionList,
} from '@telegraf-controller/contract/configs';
import { AppError } from '../../http/errors.js';
import type { ConfigVersionsService } from './config-versions.service.js';

const tags = ['config versions'];
const Id = Type.String({ minLength: 1, maxLength: 64 });
const VersionParams = Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) });

export function registerConfigVersionsRoutes(app: FastifyInstance, versions: ConfigVersionsService): void {
  const params = (request: FastifyRequest) => request.params as { id: string; version: number };
  app.get(
    '/api/configs/:id/versions',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'Every version, newest first',
        params: Type.Object({ id: Id }),
        response: { 200: ConfigVersionList },
      },
    },
    async (request) => versions.list(params(request).id),
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
    async (request) =>
      versions.get(params(request).id, params(request).version, (request.query as { compareTo?: number }).compareTo),
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
      versions.setNote(params(request).id, params(request).version, (request.body as { note: string | null }).note),
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
    async (request) => versions.rollback(request.identity, params(request).id, params(request).version),
  );
  app.delete(
    '/api/configs/:id/versions',
    {
      config: { access: 'configs:delete', group: 'configs' },
      schema: {
        tags,
        summary: 'Prune versions: ?versions=1,2 or ?before=n or ?beforeDate=ISO; never the current one',
        params: Type.Object({ id: Id }),
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
      const query = request.query as { versions?: string; before?: number; beforeDate?: string };
      if (query.versions === undefined && query.before === undefined && query.beforeDate === undefined) {
        throw new AppError('validation_failed', 'Say which versions: versions, before or beforeDate');
      }
      return versions.prune(params(request).id, {
        versions: query.versions?.split(',').map(Number),
        before: query.before,
        beforeDate: query.beforeDate,
      });
    },
  );
}
