import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AuthStatus, LoginRequest, LogoutRedirect, SetupRequest } from '@telegraf-controller/contract/auth';
import {
  PERMISSIONS,
  PermissionTable,
  RESOURCE_ACTIONS,
  RESOURCES,
  ROLE_PERMISSIONS,
  ROLES,
} from '@telegraf-controller/contract/permissions';
import { Me, User } from '@telegraf-controller/contract/users';
import type { Identity } from '../../http/access.js';
import { actorOf } from '../../http/actor.js';
import { AppError } from '../../http/errors.js';
import { typed } from '../../http/typed.js';
import { identityOf, type SessionsService } from '../sessions/sessions.service.js';
import type { AuthService } from './auth.service.js';
import { originOf } from '../audit/audit-origin.js';
import type { LoginLimiter } from './login-limiter.js';
import type { RefusedSignIns } from './refused-sign-in.js';

export interface AuthRoutesDeps {
  auth: AuthService;
  sessions: SessionsService;
  limiter: LoginLimiter;
  /** The provider's logout page for a single sign-on session (RP-initiated logout), when it offers one. */
  endSessionUrl: (idToken: string) => Promise<string | undefined>;
  refusedSignIns: RefusedSignIns;
}

export function describeMe(identity: Identity): Me {
  return {
    user: { id: identity.userId, username: identity.username, role: identity.role, ...identity.profile },
    permissions: PERMISSIONS.filter((p) => identity.permissions.has(p)),
    via: identity.via,
    ...(identity.token ? { token: identity.token } : {}),
    ...(identity.secondFactorPending ? { secondFactorPending: true as const } : {}),
  };
}

const PERMISSION_TABLE: PermissionTable = {
  resources: RESOURCES.map((resource) => ({ resource, actions: [...RESOURCE_ACTIONS[resource]] })),
  roles: ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] })),
};

export function registerAuthRoutes(
  server: FastifyInstance,
  { auth, sessions, limiter, endSessionUrl, refusedSignIns }: AuthRoutesDeps,
): void {
  const app = typed(server);
  const tags = ['auth'];
  app.get(
    '/api/auth/status',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whether the owner must still be created, and the sign-in providers',
        response: { 200: AuthStatus },
      },
    },
    async () => auth.status(),
  );
  app.post(
    '/api/auth/setup',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Create the owner (only while none exists)',
        body: SetupRequest,
        response: { 201: User },
      },
    },
    async (request, reply) => reply.code(201).send(await auth.setup(request.body, originOf(request))),
  );
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Sign in with username (or email) and password, and the second factor when the account has one',
        body: LoginRequest,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const body = request.body;
      limiter.check(request.ip, body.username);
      let signedIn;
      try {
        signedIn = await auth.verifyLogin(body);
      } catch (error) {
        // A right password that still needs its code is not a failure.
        if (!(error instanceof AppError && error.code === 'second_factor_required')) {
          limiter.failed(request.ip, body.username);
          await refusedSignIns.record(request, { provider: 'local', username: body.username, error });
        }
        throw error;
      }
      const { user, secondFactorPending } = signedIn;
      await sessions.start(reply, user, request, { provider: 'local', secondFactorPending });
      return describeMe(identityOf(user, secondFactorPending));
    },
  );
  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'End this session; a single sign-on session answers 200 with the provider’s logout page to go to next',
        response: { 200: LogoutRedirect, 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const ended = await sessions.end(request, reply);
      const url = ended?.idToken ? await endSessionUrl(ended.idToken) : undefined;
      return url === undefined ? reply.code(204).send(null) : { endSessionUrl: url };
    },
  );
  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated', whileEnrolling: true },
      schema: { tags, summary: 'Who is calling, with what permissions', response: { 200: Me } },
    },
    async (request) => describeMe(actorOf(request)),
  );
  app.get(
    '/api/permissions',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Resources, actions and what each role grants', response: { 200: PermissionTable } },
    },
    async () => PERMISSION_TABLE,
  );
}
