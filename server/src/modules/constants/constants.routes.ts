import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { typed } from '../../http/typed.js';
import { Type } from 'typebox';
import {
  Constant,
  ConstantCreate,
  ConstantList,
  ConstantListQuery,
  ConstantName,
  ConstantUpdate,
} from '@telegraf-controller/contract/configs';
import type { ConstantsService } from './constants.service.js';

const tags = ['constants'];
const NameParams = Type.Object({ name: ConstantName });
const ConstantDetail = Type.Object({
  ...Constant.properties,
  usedBy: Type.Array(Type.Object({ id: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 200 }) }), {
    maxItems: 100000,
  }),
});

export function registerConstantsRoutes(server: FastifyInstance, constants: ConstantsService): void {
  const app = typed(server);
  app.get(
    '/api/constants',
    {
      config: { access: 'constants:read' },
      schema: {
        tags,
        summary: 'Global constants by name, with how many configurations use each; search, paged',
        querystring: ConstantListQuery,
        response: { 200: ConstantList },
      },
    },
    async (request) => constants.list(request.query),
  );
  app.post(
    '/api/constants',
    {
      config: { access: 'constants:write' },
      schema: {
        tags,
        summary: 'Add a constant, referenced in TOML as ::{name}',
        body: ConstantCreate,
        response: { 201: Constant },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await constants.create(request.identity, request.body, originOf(request))),
  );
  app.get(
    '/api/constants/:name',
    {
      config: { access: 'constants:read' },
      schema: {
        tags,
        summary: 'One constant and the configurations that use it',
        params: NameParams,
        response: { 200: ConstantDetail },
      },
    },
    async (request) => constants.get(request.params.name),
  );
  app.patch(
    '/api/constants/:name',
    {
      config: { access: 'constants:write' },
      schema: {
        tags,
        summary: 'Change the value (every configuration using it changes) or description; the name is fixed',
        params: NameParams,
        body: ConstantUpdate,
        response: { 200: Constant },
      },
    },
    async (request) => constants.update(request.identity, request.params.name, request.body, originOf(request)),
  );
  app.delete(
    '/api/constants/:name',
    {
      config: { access: 'constants:delete' },
      schema: {
        tags,
        summary: 'Delete a constant no configuration uses (409 constant_in_use)',
        params: NameParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await constants.remove(request.identity, request.params.name, originOf(request));
      return reply.code(204).send(null);
    },
  );
}
