import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  InviteCreate,
  InviteList,
  InvitePreview,
  IssuedLink,
  Me,
  NewPassword,
} from '@telegraf-controller/contract/users';
import { describeMe } from '../auth/auth.routes.js';
import { identityOf, type SessionsService } from '../sessions/sessions.service.js';
import { publicUiBase } from '../settings/public-urls.js';
import type { SettingsService } from '../settings/settings.service.js';
import { IdParams, actorOf } from '../users/users.routes.js';
import type { InvitesService } from './invites.service.js';

const CodeParams = Type.Object({ code: Type.String({ minLength: 16, maxLength: 128 }) });

export interface InvitesRoutesDeps {
  invites: InvitesService;
  sessions: SessionsService;
  settings: SettingsService;
}

export function registerInvitesRoutes(app: FastifyInstance, { invites, sessions, settings }: InvitesRoutesDeps) {
  const tags = ['invites'];
  app.get(
    '/api/invites',
    { config: { access: 'invites:read' }, schema: { tags, summary: 'Pending invites', response: { 200: InviteList } } },
    async () => invites.list(),
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
      const link = await invites.create(
        actorOf(request),
        request.body as InviteCreate,
        await publicUiBase(settings, request),
      );
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
      await invites.remove((request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/invites/accept/:code',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'What an invite link offers', params: CodeParams, response: { 200: InvitePreview } },
    },
    async (request) => invites.preview((request.params as { code: string }).code),
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
      const user = await invites.accept(
        (request.params as { code: string }).code,
        (request.body as NewPassword).password,
      );
      await sessions.start(reply, user.id, request);
      return reply.code(201).send(describeMe(identityOf(user)));
    },
  );
}
