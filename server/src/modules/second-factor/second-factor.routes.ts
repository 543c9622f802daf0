import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '@telegraf-controller/contract/params';
import {
  RecoveryCodes,
  SecondFactorCode,
  SecondFactorEnrolment,
  SecondFactorEnrolmentRequest,
  SecondFactorRemoval,
  SecondFactorStatus,
  UserSecondFactor,
} from '@telegraf-controller/contract/second-factor';
import { actorOf } from '../../http/actor.js';
import { originOf } from '../audit/audit-origin.js';
import { typed } from '../../http/typed.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SecondFactorService } from './second-factor.service.js';

export function registerSecondFactorRoutes(
  server: FastifyInstance,
  secondFactor: SecondFactorService,
  sessions: SessionsService,
): void {
  const app = typed(server);
  const tags = ['account'];
  const path = '/api/account/second-factor';
  app.get(
    path,
    {
      config: { access: 'authenticated', whileEnrolling: true },
      schema: {
        tags,
        summary: 'Your second factor: enrolled, required, recovery codes left',
        response: { 200: SecondFactorStatus },
      },
    },
    async (request) => secondFactor.status(actorOf(request)),
  );
  app.post(
    `${path}/enrolment`,
    {
      config: { access: 'authenticated', whileEnrolling: true },
      schema: {
        tags,
        summary: 'Start enrolling an authenticator app (your password is required); a code from it confirms it',
        body: SecondFactorEnrolmentRequest,
        response: { 201: SecondFactorEnrolment },
      },
    },
    async (request, reply) => reply.code(201).send(await secondFactor.begin(actorOf(request), request.body)),
  );
  app.post(
    `${path}/confirmation`,
    {
      config: { access: 'authenticated', whileEnrolling: true },
      schema: {
        tags,
        summary: 'Confirm the enrolment with a code from the app; answers the recovery codes, once',
        body: SecondFactorCode,
        response: { 200: RecoveryCodes },
      },
    },
    async (request) =>
      secondFactor.confirm(actorOf(request), request.body, sessions.currentSessionId(request), originOf(request)),
  );
  app.post(
    `${path}/recovery-codes`,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Replace your recovery codes (a code from the app is required); answers the new ones, once',
        body: SecondFactorCode,
        response: { 200: RecoveryCodes },
      },
    },
    async (request) => secondFactor.newRecoveryCodes(actorOf(request), request.body, originOf(request)),
  );
  app.delete(
    path,
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Remove your second factor (your password is required; refused when your role requires one)',
        body: SecondFactorRemoval,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await secondFactor.remove(actorOf(request), request.body, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/users/:id/second-factor',
    {
      config: { access: 'users:read' },
      schema: {
        tags: ['users'],
        summary: 'Whether a user has a second factor',
        params: IdParams,
        response: { 200: UserSecondFactor },
      },
    },
    async (request) => ({ enrolled: await secondFactor.enrolled(request.params.id) }),
  );
  app.delete(
    '/api/users/:id/second-factor',
    {
      config: { access: 'users:write' },
      schema: {
        tags: ['users'],
        summary: "Reset a user's second factor after a lost device (owner only); they enrol again at next sign-in",
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await secondFactor.reset(actorOf(request), request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
}
