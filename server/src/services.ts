import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/connect.js';
import type { Authenticator } from './http/access.js';
import { uiOriginMatcher } from './http/cors.js';
import type { Options } from './options.js';
import { createAccountService, type AccountService } from './modules/account/account.service.js';
import { createAuditLog, type AuditLog } from './modules/audit/audit.service.js';
import { createDenialRecorder, type DenialRecorder } from './modules/audit/denials.js';
import { createForwarders } from './modules/audit/audit-forwarder.js';
import { createRefusedSignIns, type RefusedSignIns } from './modules/auth/refused-sign-in.js';
import { createAuditForwarding, type AuditForwarding } from './modules/audit/audit-forwarding.js';
import { createAuthService, type AuthService } from './modules/auth/auth.service.js';
import { secondFactorBox } from './modules/second-factor/second-factor-keys.js';
import { createSecondFactorService, type SecondFactorService } from './modules/second-factor/second-factor.service.js';
import { enabledProviders } from './modules/auth/providers.js';
import { createLdapDirectory, type LdapDirectory } from './modules/ldap/ldap-directory.js';
import { createLdapSignIn, type LdapSignIn } from './modules/ldap/ldap.service.js';
import { createOidcProviderClient } from './modules/oidc/oidc-provider-client.js';
import { createOidcSignIn, type OidcSignIn } from './modules/oidc/oidc.service.js';
import { createProvisioningService, providerOverrides } from './modules/provisioning/provisioning.service.js';
import { createAuthSettingsService, type AuthSettingsService } from './modules/provisioning/auth-settings.service.js';
import { createLoginLimiter, type LoginLimiter } from './modules/auth/login-limiter.js';
import { createInvitesService, type InvitesService } from './modules/invites/invites.service.js';
import { incompatibleAgentIds } from './modules/agents/compatibility.js';
import { createWebhooksService, type WebhooksService } from './modules/webhooks/webhooks.service.js';
import { createRolloutsService, type RolloutsService } from './modules/rollouts/rollouts.service.js';
import type { Leadership } from './modules/leadership/leadership.js';
import {
  createPasswordResetsService,
  type PasswordResetsService,
} from './modules/password-resets/password-resets.service.js';
import { createSessionsService, type SessionsService } from './modules/sessions/sessions.service.js';
import { createSettingsService, type SettingsService } from './modules/settings/settings.service.js';
import { createStatusService, type StatusService } from './modules/status/status.service.js';
import { createTokenAuthenticator } from './modules/tokens/token-auth.js';
import { createTokenCache, type TokenCache } from './modules/tokens/token-cache.js';
import { createTokensService, type TokensService } from './modules/tokens/tokens.service.js';
import { createUsersService, type UsersService } from './modules/users/users.service.js';
import { createAliasesService, type AliasesService } from './modules/aliases/aliases.service.js';
import { createConfigGroupsService, type ConfigGroupsService } from './modules/config-groups/config-groups.service.js';
import { createGroupRenderer, type GroupRenderer } from './modules/config-groups/group-rendering.js';
import { createErrorPatternsService, type ErrorPatternsService } from './modules/heartbeats/error-patterns.service.js';
import { createFetchRecorder, type FetchRecorder } from './modules/configs/fetch-recorder.js';
import { createConfigRenderer, type ConfigRenderer } from './modules/configs/config-rendering.js';
import { createConfigVersionsService, type ConfigVersionsService } from './modules/configs/config-versions.service.js';
import { createConfigsService, type ConfigsService } from './modules/configs/configs.service.js';
import { createRenderCache, type RenderCache } from './modules/configs/render-cache.js';
import { createConstantsService, type ConstantsService } from './modules/constants/constants.service.js';
import { createLabelsService, type LabelsService } from './modules/labels/labels.service.js';
import { createAgentsService, type AgentsService } from './modules/agents/agents.service.js';
import { createAgentCounts, type AgentCounts } from './modules/agents/agent-counts.js';
import { agentsPerTarget } from './modules/agents/agent-usage.js';
import { createClientAddress } from './http/client-address.js';
import { createHeartbeatsService, type HeartbeatsService } from './modules/heartbeats/heartbeats.service.js';
import {
  createReportingRulesService,
  type ReportingRulesService,
} from './modules/reporting-rules/reporting-rules.service.js';
import { createMetrics, type Metrics } from './modules/metrics/metrics.js';

export interface Services {
  settings: SettingsService;
  sessions: SessionsService;
  users: UsersService;
  auth: AuthService;
  /** Sign-in through the LDAP directory (403 when AUTH_LDAP_ENABLED is off). */
  ldap: LdapSignIn;
  /** Single sign-on through OpenID Connect (403 when AUTH_OIDC_ENABLED is off). */
  oidc: OidcSignIn;
  /** The directory, when AUTH_LDAP_ENABLED (the leaver job asks it too). */
  ldapDirectory: LdapDirectory | undefined;
  /** The providers' provisioning rules (the Authentication settings). */
  authSettings: AuthSettingsService;
  invites: InvitesService;
  passwordResets: PasswordResetsService;
  account: AccountService;
  /** The audit log's hash chain: recording, queries, verification, retention. */
  audit: AuditLog;
  /** Refused sign-ins in the audit log (best-effort). */
  refusedSignIns: RefusedSignIns;
  /** The audit log's forwarders (syslog, webhook, file), drained by the leader. */
  auditForwarding: AuditForwarding;
  /** Refused requests, counted per caller, route and minute before they are recorded. */
  denials: DenialRecorder;
  /** TOTP and recovery codes for local sign-in. */
  secondFactor: SecondFactorService;
  tokens: TokensService;
  configs: ConfigsService;
  configVersions: ConfigVersionsService;
  constants: ConstantsService;
  configRenderer: ConfigRenderer;
  aliases: AliasesService;
  configGroups: ConfigGroupsService;
  groupRenderer: GroupRenderer;
  labels: LabelsService;
  /** Heartbeat admission and the write-behind buffer, flushed at least every 250 ms and on shutdown. */
  heartbeats: HeartbeatsService;
  agents: AgentsService;
  /** Rendered TOML per (version, parameters); cleared on every change that can alter one. */
  renderCache: RenderCache;
  /** Fleet summaries reused for a few seconds; cleared when agents change (agent-counts.ts). */
  agentCounts: AgentCounts;
  reportingRules: ReportingRulesService;
  status: StatusService;
  loginLimiter: LoginLimiter;
  tokenCache: TokenCache;
  /** What was served to whom: written in batches off the request path. */
  configFetches: FetchRecorder;
  /** Errors and warnings across the fleet, as heartbeats record them. */
  errorPatterns: ErrorPatternsService;
  /** Staged serving: publishing, the kill switch, approvals and rollouts (ADR 27). */
  rollouts: RolloutsService;
  /** Webhook subscriptions: events queued with their cause, sent by the leader. */
  webhooks: WebhooksService;
  /** What `GET /metrics` shows (one registry per controller). */
  metrics: Metrics;
  /** `Authorization: Bearer|Token …`, the only credential of the heartbeat listener. */
  tokenAuthenticator: Authenticator;
  /** Tokens first, then the session cookie: how the API listener finds out who is calling. */
  authenticators: readonly Authenticator[];
}

export interface ServiceDeps {
  database: DatabaseHandle;
  options: Options;
  logger: Logger;
  leadership: Leadership;
  sessionSecret: string;
}

/** The one place services are made and wired; every listener of the process shares them (and the token cache). */
export function createServices({ database, options, logger, leadership, sessionSecret }: ServiceDeps): Services {
  const { db } = database;
  const audit = createAuditLog(db, { enabled: options.auditEnabled, logger: logger.child({ component: 'audit' }) });
  const settings = createSettingsService(db, audit);
  const tokenCache = createTokenCache(db);
  const sessions = createSessionsService(
    db,
    {
      secret: sessionSecret,
      isTrustedOrigin: options.uiPort !== undefined ? uiOriginMatcher(options) : () => false,
    },
    audit,
  );
  const users = createUsersService(db, { onUserChanged: () => tokenCache.invalidate() }, audit);
  const secondFactor = createSecondFactorService(db, settings, secondFactorBox(sessionSecret), audit);
  const tokenAuthenticator = createTokenAuthenticator(db, tokenCache, logger);
  const renderCache = createRenderCache(options.renderCacheMegabytes * 1024 * 1024);
  const configs = createConfigsService(db, renderCache, audit);
  const constants = createConstantsService(db, {
    templates: () => configs.templates(),
    onChanged: renderCache.clear,
    audit,
  });
  const agentCounts = createAgentCounts({ maxAgeMs: options.fleetCountsMaxAgeMs });
  const configFetches = createFetchRecorder(database, logger.child({ component: 'fetches' }), {
    intervalMs: options.fetchRecordIntervalMs,
    onLoadsRecorded: agentCounts.clear,
  });
  const configRenderer = createConfigRenderer(db, constants, renderCache, configFetches);
  const configGroups = createConfigGroupsService(db, configs, renderCache, audit);
  const aliases = createAliasesService(db, {
    assertTarget: async (type, id) => void (type === 'group' ? await configGroups.get(id) : await configs.get(id)),
    onChanged: renderCache.clear,
    audit,
  });
  const ldapDirectory = options.ldap && createLdapDirectory(options.ldap, logger.child({ component: 'ldap' }));
  const provisioning = createProvisioningService(db, { onUserChanged: () => tokenCache.invalidate() }, audit);
  const oidcProvider = options.oidc && {
    settings: options.oidc,
    client: createOidcProviderClient(options.oidc, logger.child({ component: 'oidc' })),
  };
  const heartbeats = createHeartbeatsService(database, logger.child({ component: 'heartbeats' }), {
    onFleetChanged: agentCounts.clear,
    clientIp: createClientAddress(options.trustProxy),
    maxAgents: options.maxAgents,
    maxNewAgentsPerMinute: options.maxNewAgentsPerMinute,
    maxPending: options.heartbeatBufferAgents,
    onFlushed: (seconds) => metrics.observeFlush(seconds),
  });
  const agents = createAgentsService(db, {
    engine: database.engine,
    aliases,
    heartbeats,
    counts: agentCounts,
    audit,
    settings,
  });
  const webhooks = createWebhooksService(
    db,
    {
      allowPrivate: options.webhookAllowPrivate,
      retryDelayMs: options.webhookRetryDelayMs,
      tokenExpiryNoticeMs: options.tokenExpiryNoticeDays * 86_400_000,
    },
    audit,
    {
      duplicateWindowMs: async () => (await settings.get()).duplicateWindowMinutes * 60_000,
      incompatibleAgentIds: () => incompatibleAgentIds(db),
    },
  );
  const metrics = createMetrics({
    heartbeats,
    configFetches,
    tokenCache,
    renderCache,
    isLeader: () => leadership.isLeader(),
    fleet: () => agents.summary({}),
    targets: () => agentCounts.get('metrics:targets', () => agentsPerTarget(db)),
    database: () => database.stats(),
  });
  return {
    agentCounts,
    configFetches,
    errorPatterns: createErrorPatternsService(db, options.errorPatternRetentionDays),
    rollouts: createRolloutsService(db, {
      configs,
      aliases,
      settings,
      renderCache,
      audit,
      webhooks,
      constants,
    }),
    webhooks,
    metrics,
    renderCache,
    configGroups,
    groupRenderer: createGroupRenderer(configGroups, configs, configRenderer, renderCache),
    configs,
    labels: createLabelsService(db, { onChanged: agentCounts.clear, audit }),
    heartbeats,
    agents,
    reportingRules: createReportingRulesService(db, { onChanged: agentCounts.clear, audit }),
    configVersions: createConfigVersionsService(db, configs, audit),
    constants,
    configRenderer,
    aliases,
    settings,
    sessions,
    users,
    secondFactor,
    audit,
    refusedSignIns: createRefusedSignIns(db, audit),
    auditForwarding: createAuditForwarding(db, createForwarders(options.auditForwarding), {
      leadership,
      intervalMs: options.auditForwarding.intervalMs,
      backoffMaxMs: options.auditForwarding.backoffMaxMs,
      logger: logger.child({ component: 'audit' }),
    }),
    denials: createDenialRecorder(audit, 60_000),
    auth: createAuthService(
      db,
      settings,
      secondFactor,
      audit,
      enabledProviders(options),
      options.oidc && (async () => (await providerOverrides(db, 'oidc')).displayName ?? options.oidc!.displayName),
    ),
    ldapDirectory,
    ldap: createLdapSignIn(ldapDirectory, provisioning),
    oidc: createOidcSignIn(db, oidcProvider, provisioning, sessionSecret),
    authSettings: createAuthSettingsService(db, {
      localEnabled: options.authLocalEnabled,
      ldap: options.ldap && ldapDirectory && { settings: options.ldap, directory: ldapDirectory },
      oidc: oidcProvider,
      audit,
    }),
    invites: createInvitesService(db, settings, enabledProviders(options), secondFactor, audit),
    passwordResets: createPasswordResetsService(db, settings, audit),
    account: createAccountService(db, settings, { onUserChanged: () => tokenCache.invalidate() }, audit),
    tokens: createTokensService(
      db,
      tokenCache,
      users,
      {
        preSharedTokensEnabled: !options.disablePresharedTokens,
      },
      audit,
    ),
    status: createStatusService(db, leadership, heartbeats.healthy),
    loginLimiter: createLoginLimiter(),
    tokenCache,
    tokenAuthenticator,
    authenticators: [tokenAuthenticator, sessions.authenticate],
  };
}
