import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import {
  IssuedLink,
  NewPassword,
  PasswordResetCreate,
  PasswordResetPreview,
} from '@telegraf-controller/contract/users';
import { IdParams } from '@telegraf-controller/contract/params';
import { actorOf } from '../../http/actor.js';
import { typed } from '../../http/typed.js';
import { publicUiBase } from '../settings/public-urls.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { PasswordResetsService } from './password-resets.service.js';

const CodeParams = Type.Object({ code: Type.String({ minLength: 16, maxLength: 128 }) });

export function registerPasswordResetsRoutes(
  server: FastifyInstance,
  resets: PasswordResetsService,
  settings: SettingsService,
): void {
  const app = typed(server);
  const tags = ['password-resets'];
  app.post(
    '/api/users/:id/password-reset',
    {
      config: { access: 'password-resets:write' },
      schema: {
        tags,
        summary: 'Issue a single-use password-reset link for a user (shown once)',
        params: IdParams,
        body: Type.Optional(PasswordResetCreate),
        response: { 201: IssuedLink },
      },
    },
    async (request, reply) => {
      const { expiresInHours = 24 } = request.body ?? {};
      const link = await resets.create(
        actorOf(request),
        request.params.id,
        expiresInHours,
        await publicUiBase(settings, request),
        originOf(request),
      );
      return reply.code(201).send(link);
    },
  );
  app.get(
    '/api/password-resets/complete/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whose password a reset link sets',
        params: CodeParams,
        response: { 200: PasswordResetPreview },
      },
    },
    async (request) => resets.preview(request.params.code),
  );
  app.post(
    '/api/password-resets/complete/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Set a new password with a reset link; ends every session of the user',
        params: CodeParams,
        body: NewPassword,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await resets.complete(request.params.code, request.body.password, originOf(request));
      return reply.code(204).send(null);
    },
  );
}
