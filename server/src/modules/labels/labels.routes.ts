import type { FastifyInstance, FastifyRequest } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type, type Static } from 'typebox';
import {
  BulkDeleteResult,
  BulkIds,
  BulkLabels,
  BulkLabelsResult,
  Label,
  LabelCreate,
  LabelList,
  LabelListQuery,
  LabelUpdate,
} from '@telegraf-controller/contract/labels';
import { IdParams } from '@telegraf-controller/contract/params';
import type { EndpointGroup, Permission } from '@telegraf-controller/contract/permissions';
import { Id } from '@telegraf-controller/contract/users';
import { AppError } from '../../http/errors.js';
import { typed } from '../../http/typed.js';
import type { LabelTarget } from './label-links.js';
import type { LabelsService } from './labels.service.js';

const tags = ['labels'];

export function registerLabelsRoutes(server: FastifyInstance, labels: LabelsService): void {
  const app = typed(server);
  const access = (permission: Permission) => ({ access: permission, group: 'labels' as const });
  app.get(
    '/api/labels',
    {
      config: access('labels:read'),
      schema: { tags, summary: 'Labels by name', querystring: LabelListQuery, response: { 200: LabelList } },
    },
    async (request) => labels.list(request.query),
  );
  app.post(
    '/api/labels',
    {
      config: access('labels:write'),
      schema: { tags, summary: 'Create a label (names are unique)', body: LabelCreate, response: { 201: Label } },
    },
    async (request, reply) =>
      reply.code(201).send(await labels.create(request.identity, request.body, originOf(request))),
  );
  app.delete(
    '/api/labels',
    {
      config: access('labels:delete'),
      schema: {
        tags,
        summary: 'Delete several labels; they leave every configuration, group and agent',
        body: BulkIds,
        response: { 200: BulkDeleteResult },
      },
    },
    async (request) => labels.removeMany(request.identity, request.body.ids, originOf(request)),
  );
  app.get(
    '/api/labels/:id',
    {
      config: access('labels:read'),
      schema: { tags, summary: 'One label', params: IdParams, response: { 200: Label } },
    },
    async (request) => labels.get(request.params.id),
  );
  app.patch(
    '/api/labels/:id',
    {
      config: access('labels:write'),
      schema: {
        tags,
        summary: 'Rename, recolour or describe a label',
        params: IdParams,
        body: LabelUpdate,
        response: { 200: Label },
      },
    },
    async (request) => labels.update(request.identity, request.params.id, request.body, originOf(request)),
  );
  app.delete(
    '/api/labels/:id',
    {
      config: access('labels:delete'),
      schema: { tags, summary: 'Delete a label', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await labels.remove(request.identity, request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
}

export interface LabelledResource {
  target: LabelTarget;
  prefix: string;
  /** `resource:write` is what assigning and removing labels needs. */
  permission: Permission;
  group: EndpointGroup;
  noun: string;
  /** POST for configurations and groups, PUT for agents, as the documented paths have it. */
  assignMethod: 'POST' | 'PUT';
}

/** `{assign}/{prefix}/{id}/labels/{labelId}`, `DELETE` the same, and `PUT {prefix}/bulk/labels/assign|remove`. */
/** A configuration, group or agent id (an agent's is its instance_id: up to 256 characters) and a label id. */
const LabelLinkParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }), labelId: Id });

export function registerLabelAssignmentRoutes(
  server: FastifyInstance,
  labels: LabelsService,
  { target, prefix, permission, group, noun, assignMethod }: LabelledResource,
): void {
  const app = typed(server);
  const config = { access: permission, group };
  const single = async (
    request: FastifyRequest,
    { id, labelId }: Static<typeof LabelLinkParams>,
    apply: 'assign' | 'unassign',
  ) => {
    await labels.get(labelId);
    const result = await labels[apply](request.identity, target, [id], [labelId], originOf(request));
    if (result.missing.length > 0) throw new AppError('not_found', `No such ${noun}`);
  };
  app.route({
    method: assignMethod,
    url: `${prefix}/:id/labels/:labelId`,
    config,
    schema: { tags, summary: `Put a label on a ${noun}`, params: LabelLinkParams, response: { 204: Type.Null() } },
    handler: async (request, reply) => {
      await single(request, request.params, 'assign');
      return reply.code(204).send(null);
    },
  });
  app.delete(
    `${prefix}/:id/labels/:labelId`,
    {
      config,
      schema: { tags, summary: `Take a label off a ${noun}`, params: LabelLinkParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await single(request, request.params, 'unassign');
      return reply.code(204).send(null);
    },
  );
  for (const [action, apply, summary] of [
    ['assign', 'assign', `Put every label on every ${noun} given`],
    ['remove', 'unassign', `Take every label given off every ${noun} given`],
  ] as const) {
    app.put(
      `${prefix}/bulk/labels/${action}`,
      { config, schema: { tags, summary, body: BulkLabels, response: { 200: BulkLabelsResult } } },
      async (request) =>
        labels[apply](request.identity, target, request.body.ids, request.body.labelIds, originOf(request)),
    );
  }
}
