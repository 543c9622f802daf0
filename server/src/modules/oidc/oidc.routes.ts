import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import { typed } from '../../http/typed.js';
import { readCookie } from '../sessions/session-cookie.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { RefusedSignIns } from '../auth/refused-sign-in.js';
import type { OidcSignIn } from './oidc.service.js';
import { STATE_COOKIE, STATE_MAX_AGE_SECONDS } from './oidc-state.js';

function setStateCookie(reply: FastifyReply, value: string, maxAge: number): void {
  const secure = reply.request.protocol === 'https';
  const flags = ['Path=/api/auth/oidc', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`, ...(secure ? ['Secure'] : [])];
  reply.header('set-cookie', `${STATE_COOKIE}=${encodeURIComponent(value)}; ${flags.join('; ')}`);
}

/** Where a failed callback sends the browser: the sign-in page names what went wrong (a code, never free text). */
const FAILURE_CODES: Record<string, string> = {
  sign_in_refused: 'refused',
  account_disabled: 'disabled',
  provider_unavailable: 'unavailable',
  provider_disabled: 'disabled_provider',
};

/** `GET /api/auth/oidc/login` and `/api/auth/oidc/callback`: the browser's side of the code flow. */
export function registerOidcRoutes(
  server: FastifyInstance,
  { oidc, sessions, refusedSignIns }: { oidc: OidcSignIn; sessions: SessionsService; refusedSignIns: RefusedSignIns },
): void {
  const app = typed(server);
  const tags = ['auth'];
  app.get(
    '/api/auth/oidc/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Start single sign-on: redirects to the identity provider',
        response: { 302: Type.Null() },
      },
    },
    async (_request, reply) => {
      const { url, state } = await oidc.start();
      setStateCookie(reply, state, STATE_MAX_AGE_SECONDS);
      return reply.redirect(url, 302);
    },
  );
  app.get(
    '/api/auth/oidc/callback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The identity provider sends the browser back here; signs in and redirects into the app',
        // What providers send back (RFC 6749 §4.1.2, RFC 9207); the whole query is checked by openid-client.
        querystring: Type.Object(
          Object.fromEntries(
            ['code', 'state', 'iss', 'session_state', 'error', 'error_description'].map((name) => [
              name,
              Type.Optional(Type.String({ maxLength: 4096 })),
            ]),
          ),
        ),
        response: { 302: Type.Null() },
      },
    },
    async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      // The state is for one try: gone whatever happens next.
      setStateCookie(reply, '', 0);
      try {
        const { user, idToken } = await oidc.finish(query, readCookie(request, STATE_COOKIE));
        await sessions.start(reply, user, request, { provider: 'oidc', idToken });
        return reply.redirect(oidc.landing, 302);
      } catch (error) {
        await refusedSignIns.record(request, { provider: 'oidc', username: null, error });
        // A browser follows this redirect: whatever went wrong, it lands on the sign-in page, never on raw JSON.
        if (!(error instanceof AppError)) {
          request.log.error({ err: error }, 'a single sign-on failed');
          return reply.redirect('/login?sso_error=unavailable', 302);
        }
        request.log.info({ code: error.code, detail: error.message }, 'a single sign-on was refused');
        const code = FAILURE_CODES[error.code] ?? 'refused';
        return reply.redirect(`/login?sso_error=${code}`, 302);
      }
    },
  );
}
