import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import { IdParams } from '@telegraf-controller/contract/params';
import { User, UserList, UserListQuery, UserUpdate } from '@telegraf-controller/contract/users';
import { actorOf } from '../../http/actor.js';
import { typed } from '../../http/typed.js';
import type { UsersService } from './users.service.js';

export function registerUsersRoutes(server: FastifyInstance, users: UsersService): void {
  const app = typed(server);
  const tags = ['users'];
  app.get(
    '/api/users',
    {
      config: { access: 'users:read' },
      schema: { tags, summary: 'List users', querystring: UserListQuery, response: { 200: UserList } },
    },
    async (request) => users.list(request.query),
  );
  app.get(
    '/api/users/:id',
    {
      config: { access: 'users:read' },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: User } },
    },
    async (request) => users.get(request.params.id),
  );
  app.patch(
    '/api/users/:id',
    {
      config: { access: 'users:write' },
      schema: {
        tags,
        summary:
          "Change a user's role, email or display name (role rules apply; the user's sessions end on a role change)",
        params: IdParams,
        body: UserUpdate,
        response: { 200: User },
      },
    },
    async (request) => users.update(actorOf(request), request.params.id, request.body, originOf(request)),
  );
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/users/:id/${action}`,
      {
        config: { access: 'users:write' },
        schema: {
          tags,
          summary: `${action === 'disable' ? 'Disable' : 'Enable'} a user`,
          params: IdParams,
          response: { 200: User },
        },
      },
      async (request) => users.setDisabled(actorOf(request), request.params.id, disabled, originOf(request)),
    );
  }
  app.delete(
    '/api/users/:id',
    {
      config: { access: 'users:delete' },
      schema: {
        tags,
        summary: 'Delete a user with their sessions and tokens',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await users.remove(actorOf(request), request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/users/:id/transfer-ownership',
    {
      config: { access: 'users:write' },
      schema: {
        tags,
        summary: 'Make an active administrator the owner (owner, signed in); both users are signed out',
        params: IdParams,
        response: { 200: User },
      },
    },
    async (request) => users.transferOwnership(actorOf(request), request.params.id, originOf(request)),
  );
}
