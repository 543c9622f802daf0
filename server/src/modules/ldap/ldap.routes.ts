import type { FastifyInstance } from 'fastify';
import type { RefusedSignIns } from '../auth/refused-sign-in.js';
import { LoginRequest } from '@telegraf-controller/contract/auth';
import { Me } from '@telegraf-controller/contract/users';
import { typed } from '../../http/typed.js';
import { describeMe } from '../auth/auth.routes.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { identityOf, type SessionsService } from '../sessions/sessions.service.js';
import type { LdapSignIn } from './ldap.service.js';

export interface LdapRoutesDeps {
  ldap: LdapSignIn;
  sessions: SessionsService;
  limiter: LoginLimiter;
  refusedSignIns: RefusedSignIns;
}

/** `POST /api/auth/ldap/login`, also answered at the documented `/api/auth/login/ldap`. */
export function registerLdapRoutes(
  server: FastifyInstance,
  { ldap, sessions, limiter, refusedSignIns }: LdapRoutesDeps,
): void {
  const app = typed(server);
  for (const url of ['/api/auth/ldap/login', '/api/auth/login/ldap']) {
    app.post(
      url,
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with directory (LDAP) credentials',
          body: LoginRequest,
          response: { 200: Me },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        limiter.check(request.ip, username);
        let user;
        try {
          user = await ldap.signIn(username, password);
        } catch (error) {
          limiter.failed(request.ip, username);
          await refusedSignIns.record(request, { provider: 'ldap', username, error });
          throw error;
        }
        await sessions.start(reply, user, request, { provider: 'ldap' });
        return describeMe(identityOf(user));
      },
    );
  }
}
