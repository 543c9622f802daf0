import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import { IdParams } from '@telegraf-controller/contract/params';
import {
  InviteCreate,
  InviteList,
  InviteListQuery,
  InvitePreview,
  IssuedLink,
  Me,
  NewPassword,
} from '@telegraf-controller/contract/users';
import { actorOf } from '../../http/actor.js';
import { typed } from '../../http/typed.js';
import { describeMe } from '../auth/auth.routes.js';
import { identityOf, type SessionsService } from '../sessions/sessions.service.js';
import { publicUiBase } from '../settings/public-urls.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { InvitesService } from './invites.service.js';

const CodeParams = Type.Object({ code: Type.String({ minLength: 16, maxLength: 128 }) });

export interface InvitesRoutesDeps {
  invites: InvitesService;
  sessions: SessionsService;
  settings: SettingsService;
}

export function registerInvitesRoutes(server: FastifyInstance, { invites, sessions, settings }: InvitesRoutesDeps) {
  const app = typed(server);
  const tags = ['invites'];
  app.get(
    '/api/invites',
    {
      config: { access: 'invites:read' },
      schema: {
        tags,
        summary: 'Invites not yet accepted (expired ones too), newest first; paged',
        querystring: InviteListQuery,
        response: { 200: InviteList },
      },
    },
    async (request) => invites.list(request.query),
  );
  app.post(
    '/api/invites',
    {
      config: { access: 'invites:write' },
      schema: {
        tags,
        summary: 'Invite a user: returns the single-use link once (only its hash is stored)',
        body: InviteCreate,
        response: { 201: IssuedLink },
      },
    },
    async (request, reply) => {
      const base = await publicUiBase(settings, request);
      const link = await invites.create(actorOf(request), request.body, base, originOf(request));
      return reply.code(201).send(link);
    },
  );
  app.delete(
    '/api/invites/:id',
    {
      config: { access: 'invites:delete' },
      schema: {
        tags,
        summary: 'Delete a pending invite: its link stops working',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await invites.remove(actorOf(request), request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/invites/accept/:code',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'What an invite link offers', params: CodeParams, response: { 200: InvitePreview } },
    },
    async (request) => invites.preview(request.params.code),
  );
  app.post(
    '/api/invites/accept/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Accept an invite: set a password, get the account, and be signed in',
        params: CodeParams,
        body: NewPassword,
        response: { 201: Me },
      },
    },
    async (request, reply) => {
      const { user, secondFactorPending } = await invites.accept(
        request.params.code,
        request.body.password,
        originOf(request),
      );
      await sessions.start(reply, user, request, { provider: 'local', secondFactorPending });
      return reply.code(201).send(describeMe(identityOf(user, secondFactorPending)));
    },
  );
}
