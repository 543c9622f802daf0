import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
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
import type { EndpointGroup, Permission } from '@telegraf-controller/contract/permissions';
import { AppError } from '../../http/errors.js';
import type { LabelTarget } from './label-links.js';
import type { LabelsService } from './labels.service.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const tags = ['labels'];

export function registerLabelsRoutes(app: FastifyInstance, labels: LabelsService): void {
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  const access = (permission: Permission) => ({ access: permission, group: 'labels' as const });
  app.get(
    '/api/labels',
    {
      config: access('labels:read'),
      schema: { tags, summary: 'Labels by name', querystring: LabelListQuery, response: { 200: LabelList } },
    },
    async (request) => labels.list(request.query as LabelListQuery),
  );
  app.post(
    '/api/labels',
    {
      config: access('labels:write'),
      schema: { tags, summary: 'Create a label (names are unique)', body: LabelCreate, response: { 201: Label } },
    },
    async (request, reply) => reply.code(201).send(await labels.create(request.body as LabelCreate)),
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
    async (request) => labels.removeMany((request.body as BulkIds).ids),
  );
  app.get(
    '/api/labels/:id',
    {
      config: access('labels:read'),
      schema: { tags, summary: 'One label', params: Type.Object({ id: Id }), response: { 200: Label } },
    },
    async (request) => labels.get(idOf(request)),
  );
  app.patch(
    '/api/labels/:id',
    {
      config: access('labels:write'),
      schema: {
        tags,
        summary: 'Rename, recolour or describe a label',
        params: Type.Object({ id: Id }),
        body: LabelUpdate,
        response: { 200: Label },
      },
    },
    async (request) => labels.update(idOf(request), request.body as LabelUpdate),
  );
  app.delete(
    '/api/labels/:id',
    {
      config: access('labels:delete'),
      schema: { tags, summary: 'Delete a label', params: Type.Object({ id: Id }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await labels.remove(idOf(request));
      return reply.code(204).send();
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
export function registerLabelAssignmentRoutes(
  app: FastifyInstance,
  labels: LabelsService,
  { target, prefix, permission, group, noun, assignMethod }: LabelledResource,
): void {
  const config = { access: permission, group };
  const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }), labelId: Id });
  const single = async (request: FastifyRequest, apply: 'assign' | 'unassign') => {
    const { id, labelId } = request.params as { id: string; labelId: string };
    await labels.get(labelId);
    const result = await labels[apply](target, [id], [labelId]);
    if (result.missing.length > 0) throw new AppError('not_found', `No such ${noun}`);
  };
  app.route({
    method: assignMethod,
    url: `${prefix}/:id/labels/:labelId`,
    config,
    schema: { tags, summary: `Put a label on a ${noun}`, params, response: { 204: Type.Null() } },
    handler: async (request, reply) => {
      await single(request, 'assign');
      return reply.code(204).send();
    },
  });
  app.delete(
    `${prefix}/:id/labels/:labelId`,
    { config, schema: { tags, summary: `Take a label off a ${noun}`, params, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await single(request, 'unassign');
      return reply.code(204).send();
    },
  );
  for (const [action, apply, summary] of [
    ['assign', 'assign', `Put every label on every ${noun} given`],
    ['remove', 'unassign', `Take every label given off every ${noun} given`],
  ] as const) {
    app.put(
      `${prefix}/bulk/labels/${action}`,
      { config, schema: { tags, summary, body: BulkLabels, response: { 200: BulkLabelsResult } } },
      async (request) => {
        const { ids, labelIds } = request.body as BulkLabels;
        return labels[apply](target, ids, labelIds);
      },
    );
  }
}
