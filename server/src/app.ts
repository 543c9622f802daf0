import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerCors, uiOriginMatcher } from './http/cors.js';
import { API_BODY_LIMIT, createListener } from './http/fastify.js';
import { registerStorableInput } from './http/storable-input.js';
import type { Options } from './options.js';
import type { Services } from './services.js';
import { registerAccountRoutes } from './modules/account/account.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerSecondFactorRoutes } from './modules/second-factor/second-factor.routes.js';
import { registerAgentsRoutes } from './modules/agents/agents.routes.js';
import { registerWebhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { registerRolloutsRoutes } from './modules/rollouts/rollouts.routes.js';
import { registerErrorPatternsRoutes } from './modules/heartbeats/error-patterns.routes.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { registerLdapRoutes } from './modules/ldap/ldap.routes.js';
import { registerOidcRoutes } from './modules/oidc/oidc.routes.js';
import { registerAuthSettingsRoutes } from './modules/provisioning/auth-settings.routes.js';
import { registerAliasesRoutes } from './modules/aliases/aliases.routes.js';
import { registerConfigGroupsRoutes } from './modules/config-groups/config-groups.routes.js';
import { registerConfigTomlRoutes } from './modules/configs/config-toml.routes.js';
import { registerConfigVersionsRoutes } from './modules/configs/config-versions.routes.js';
import { registerConfigsRoutes } from './modules/configs/configs.routes.js';
import { registerConstantsRoutes } from './modules/constants/constants.routes.js';
import { registerDocsRoutes } from './modules/docs/docs.routes.js';
import { registerHeartbeatHealthRoute } from './modules/heartbeats/heartbeat-health.routes.js';
import { registerOpenApi } from './modules/docs/openapi.js';
import {
  registerLabelAssignmentRoutes,
  registerLabelsRoutes,
  type LabelledResource,
} from './modules/labels/labels.routes.js';
import { registerInvitesRoutes } from './modules/invites/invites.routes.js';
import { registerPasswordResetsRoutes } from './modules/password-resets/password-resets.routes.js';
import { registerPluginsRoutes } from './modules/plugins/plugins.routes.js';
import { registerReportingRulesRoutes } from './modules/reporting-rules/reporting-rules.routes.js';
import { registerSettingsRoutes } from './modules/settings/settings.routes.js';
import { registerStatusRoutes } from './modules/status/status.routes.js';
import { registerTokensRoutes } from './modules/tokens/tokens.routes.js';
import { registerUsersRoutes } from './modules/users/users.routes.js';
import type { WebAsset } from './modules/web/web.assets.js';
import { registerWebRoutes } from './modules/web/web.routes.js';
import { registerMetricsRoutes } from './modules/metrics/metrics.routes.js';

const LABELLED_RESOURCES: readonly LabelledResource[] = [
  {
    target: 'config',
    prefix: '/api/configs',
    permission: 'configs:write',
    group: 'configs',
    noun: 'configuration',
    assignMethod: 'POST',
  },
  {
    target: 'group',
    prefix: '/api/config-groups',
    permission: 'config-groups:write',
    group: 'configs',
    noun: 'configuration group',
    assignMethod: 'POST',
  },
  {
    target: 'agent',
    prefix: '/api/agents',
    permission: 'agents:write',
    group: 'agents',
    noun: 'agent',
    assignMethod: 'PUT',
  },
];

export interface AppDeps {
  services: Services;
  options: Options;
  logger: Logger;
  webAssets: Map<string, WebAsset> | undefined;
}

/** The API + UI listener. No I/O happens here beyond what the routes do per request. */
export async function buildApp({ services, options, logger, webAssets }: AppDeps): Promise<FastifyInstance> {
  const app = createListener({
    logger: logger.child({ listener: 'api' }),
    tls: options.tls,
    bodyLimit: API_BODY_LIMIT,
    trustProxy: options.trustProxy,
    allowedHosts: options.allowedHosts,
    securityHeaders: true,
    access: { authenticators: services.authenticators, openGroups: options.disableAuthEndpoints },
  });
  services.denials.register(app);
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'warn' : 'debug';
    // The route's pattern, never the path itself: invite and reset codes travel in paths and must not reach logs.
    const route = request.routeOptions.url ?? '(no route)';
    services.metrics.observeRequest('api', request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    request.log[level]({ method: request.method, route, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });
  registerStorableInput(app);
  if (options.uiPort !== undefined) registerCors(app, uiOriginMatcher(options));
  await registerOpenApi(app);

  const { settings, sessions } = services;
  registerStatusRoutes(app, services.status);
  registerMetricsRoutes(app, services.metrics);
  registerAuthRoutes(app, {
    auth: services.auth,
    sessions,
    limiter: services.loginLimiter,
    endSessionUrl: (idToken) => services.oidc.endSessionUrl(idToken),
    refusedSignIns: services.refusedSignIns,
  });
  registerLdapRoutes(app, {
    ldap: services.ldap,
    sessions,
    limiter: services.loginLimiter,
    refusedSignIns: services.refusedSignIns,
  });
  registerAuthSettingsRoutes(app, services.authSettings);
  registerOidcRoutes(app, { oidc: services.oidc, sessions, refusedSignIns: services.refusedSignIns });
  registerUsersRoutes(app, services.users);
  registerInvitesRoutes(app, { invites: services.invites, sessions, settings });
  registerPasswordResetsRoutes(app, services.passwordResets, settings);
  registerAccountRoutes(app, services.account, sessions);
  registerSecondFactorRoutes(app, services.secondFactor, sessions);
  registerSettingsRoutes(app, settings);
  registerAuditRoutes(app, services.audit, services.auditForwarding);
  registerTokensRoutes(app, services.tokens);
  const resolveConfig = (idOrAlias: string) => services.aliases.resolveConfig(idOrAlias);
  registerConfigsRoutes(app, {
    configs: services.configs,
    settings,
    heartbeatPort: options.heartbeatPort,
    resolveConfig,
  });
  registerConfigVersionsRoutes(app, services.configVersions);
  registerConfigTomlRoutes(app, services.configRenderer, resolveConfig);
  registerConfigGroupsRoutes(app, {
    groups: services.configGroups,
    renderer: services.groupRenderer,
    settings,
    resolveGroup: (idOrAlias) => services.aliases.resolveGroup(idOrAlias),
  });
  registerAliasesRoutes(app, {
    aliases: services.aliases,
    configRenderer: services.configRenderer,
    groupRenderer: services.groupRenderer,
  });
  registerConstantsRoutes(app, services.constants);
  registerPluginsRoutes(app);
  registerLabelsRoutes(app, services.labels);
  registerAgentsRoutes(app, services.agents);
  registerErrorPatternsRoutes(app, services.errorPatterns);
  registerRolloutsRoutes(app, services.rollouts);
  registerWebhooksRoutes(app, services.webhooks);
  registerHeartbeatHealthRoute(app, {
    heartbeats: services.heartbeats,
    status: services.status,
    tokens: services.tokens,
    tokenCache: services.tokenCache,
    authEnabled: !options.disableAuthEndpoints.includes('heartbeat'),
  });
  for (const resource of LABELLED_RESOURCES) registerLabelAssignmentRoutes(app, services.labels, resource);
  registerReportingRulesRoutes(app, services.reportingRules);
  registerDocsRoutes(app);
  registerWebRoutes(app, { assets: webAssets });
  return app;
}
