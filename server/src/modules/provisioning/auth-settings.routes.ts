import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { actorOf } from '../../http/actor.js';
import {
  AuthSettings,
  AuthSettingsUpdate,
  LdapTest,
  LdapTestResult,
  OidcTestResult,
} from '@telegraf-controller/contract/auth-settings';
import { typed } from '../../http/typed.js';
import type { AuthSettingsService } from './auth-settings.service.js';

export function registerAuthSettingsRoutes(server: FastifyInstance, authSettings: AuthSettingsService): void {
  const app = typed(server);
  const tags = ['auth'];
  app.get(
    '/api/auth/settings',
    {
      config: { access: 'auth-settings:read' },
      schema: {
        tags,
        summary: 'Sign-in providers: their start-up connection (read-only, no secret) and provisioning rules',
        response: { 200: AuthSettings },
      },
    },
    async () => authSettings.get(),
  );
  app.patch(
    '/api/auth/settings',
    {
      config: { access: 'auth-settings:write' },
      schema: {
        tags,
        summary: 'Replace a provider’s provisioning rules and group-role mappings (from the next sign-in)',
        body: AuthSettingsUpdate,
        response: { 200: AuthSettings },
      },
    },
    async (request) => authSettings.update(actorOf(request), request.body, originOf(request)),
  );
  app.post(
    '/api/auth/settings/ldap/test',
    {
      config: { access: 'auth-settings:read' },
      schema: {
        tags,
        summary: 'Test connection: bind as the service account and, given a name, look that person up',
        body: LdapTest,
        response: { 200: LdapTestResult },
      },
    },
    async (request) => authSettings.testLdap(request.body.username),
  );
  app.post(
    '/api/auth/settings/oidc/test',
    {
      config: { access: 'auth-settings:read' },
      schema: {
        tags,
        summary: 'Test connection: read the provider’s discovery document and signing keys',
        response: { 200: OidcTestResult },
      },
    },
    async () => authSettings.testOidc(),
  );
}
