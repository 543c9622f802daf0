import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Config } from '@telegraf-controller/contract/configs';
import { IdParams } from '@telegraf-controller/contract/params';
import {
  ConfigPin,
  ConfigPublish,
  Rollout,
  RolloutCreate,
  RolloutList,
  VersionReview,
  VersionNumber,
  VersionReviewRequest,
} from '@telegraf-controller/contract/rollouts';
import { Id } from '@telegraf-controller/contract/users';
import { typed } from '../../http/typed.js';
import { originOf } from '../audit/audit-origin.js';
import type { RolloutsService } from './rollouts.service.js';

const tags = ['rollouts'];
const RolloutParams = Type.Object({ id: Id, rolloutId: Id });
const VersionParams = Type.Object({ id: Id, version: VersionNumber });

/** Staged serving (ADR 27): rollouts, publishing, the kill switch and approvals, under `configs` permissions. */
export function registerRolloutsRoutes(server: FastifyInstance, rollouts: RolloutsService): void {
  const app = typed(server);
  app.get(
    '/api/configs/:id/rollouts',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: "A configuration's rollouts, newest first",
        params: IdParams,
        response: { 200: RolloutList },
      },
    },
    async (request) => rollouts.list(request.params.id),
  );
  app.post(
    '/api/configs/:id/rollouts',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary:
          'Roll a version out from the published one through ordered cohorts, each judged by its gates after its bake time',
        params: IdParams,
        body: RolloutCreate,
        response: { 201: Rollout },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rollouts.start(request.identity, request.params.id, request.body, originOf(request))),
  );
  app.get(
    '/api/configs/:id/rollouts/:rolloutId',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary: 'One rollout: its step, cohorts and any breach',
        params: RolloutParams,
        response: { 200: Rollout },
      },
    },
    async (request) => rollouts.get(request.params.id, request.params.rolloutId),
  );
  for (const [verb, summary] of [
    ['pause', 'Hold a running rollout at its step (agents keep what they are served)'],
    ['resume', 'Run a paused rollout again; its step bakes afresh'],
    ['abort', 'End a rollout: every agent is served the version it started from'],
  ] as const) {
    app.post(
      `/api/configs/:id/rollouts/:rolloutId/${verb}`,
      {
        config: { access: 'configs:write', group: 'configs' },
        schema: { tags, summary, params: RolloutParams, response: { 200: Rollout } },
      },
      async (request) =>
        rollouts[verb](request.identity, request.params.id, request.params.rolloutId, originOf(request)),
    );
  }
  app.post(
    '/api/configs/:id/review',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags,
        summary:
          'What a version would change for up to three agents of each cohort: the diff of their rendered TOML, before publishing or rolling it out',
        params: IdParams,
        body: VersionReviewRequest,
        response: { 200: VersionReview },
      },
    },
    async (request) => rollouts.review(request.params.id, request.body),
  );
  app.post(
    '/api/configs/:id/publish',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Serve a version to every agent at once (with four eyes, an approved one)',
        params: IdParams,
        body: ConfigPublish,
        response: { 200: Config },
      },
    },
    async (request) => rollouts.publish(request.identity, request.params.id, request.body, originOf(request)),
  );
  app.put(
    '/api/configs/:id/pin',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'The kill switch: serve one version to every agent, ending any rollout, until unpinned',
        params: IdParams,
        body: ConfigPin,
        response: { 200: Config },
      },
    },
    async (request) => rollouts.pin(request.identity, request.params.id, request.body, originOf(request)),
  );
  app.delete(
    '/api/configs/:id/pin',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Release the kill switch: the published version is served again',
        params: IdParams,
        response: { 200: Config },
      },
    },
    async (request) => rollouts.unpin(request.identity, request.params.id, originOf(request)),
  );
  app.post(
    '/api/configs/:id/versions/:version/approval',
    {
      config: { access: 'configs:write', group: 'configs' },
      schema: {
        tags,
        summary: 'Approve a version for publishing (four eyes): by someone other than its author',
        params: VersionParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await rollouts.approve(request.identity, request.params.id, request.params.version, originOf(request));
      return reply.code(204).send(null);
    },
  );
}
