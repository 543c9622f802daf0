import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AccountUpdate, PasswordChange, User } from '@telegraf-controller/contract/users';
import { actorOf } from '../../http/actor.js';
import { originOf } from '../audit/audit-origin.js';
import { typed } from '../../http/typed.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { AccountService } from './account.service.js';

export function registerAccountRoutes(
  server: FastifyInstance,
  account: AccountService,
  sessions: SessionsService,
): void {
  const app = typed(server);
  const tags = ['account'];
  app.get(
    '/api/account',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'Your own account', response: { 200: User } } },
    async (request) => account.get(actorOf(request)),
  );
  app.patch(
    '/api/account',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change your username, email or display name',
        body: AccountUpdate,
        response: { 200: User },
      },
    },
    async (request) => account.update(actorOf(request), request.body, originOf(request)),
  );
  app.post(
    '/api/account/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change your password (the current one is required); your other sessions end',
        body: PasswordChange,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await account.changePassword(
        actorOf(request),
        request.body,
        sessions.currentSessionId(request),
        originOf(request),
      );
      return reply.code(204).send(null);
    },
  );
}
