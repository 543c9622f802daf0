import type { PasswordComplexity } from '@telegraf-controller/contract/auth';
import { ENDPOINT_GROUPS, type EndpointGroup } from '@telegraf-controller/contract/permissions';
import { AUDIT_RETENTION_HOURS } from '@telegraf-controller/contract/settings';
import type { TrustProxy } from './http/client-address.js';
import {
  flag,
  hostList,
  optionalPort,
  optionalWholeNumber,
  OptionError,
  port,
  publicUrl,
  text,
  trustProxy,
  wholeNumber,
} from './option-parsers.js';
import { AUDIT_OPTION_SPECS } from './option-table-audit.js';
import { AUTH_OPTION_SPECS } from './option-table-auth.js';

/**
 * Every start-up option: its flag, its environment variable, its default and the rule its value must keep.
 * `--help` is generated from this table, and `options.ts` parses with it, so the two cannot drift apart.
 */

export { OptionError };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface OptionValues {
  port: number;
  heartbeatPort: number;
  uiPort: number | undefined;
  host: string;
  database: string | undefined;
  databaseCaCert: string | undefined;
  databaseSslNoVerify: boolean;
  sslCert: string | undefined;
  sslKey: string | undefined;
  sessionSecret: string | undefined;
  sessionSecretPrevious: string | undefined;
  disableAuthEndpoints: readonly EndpointGroup[];
  logLevel: LogLevel;
  noInteractive: boolean;
  ownerUsername: string | undefined;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  resetOwnerPassword: boolean;
  ownerToken: string | undefined;
  disablePresharedTokens: boolean;
  loginLockoutAttempts: number;
  loginLockoutMinutes: number;
  passwordComplexity: PasswordComplexity;
  auditLogRetention: (typeof AUDIT_RETENTION_HOURS)[number];
  auditEnabled: boolean;
  auditCheckIntervalSeconds: number;
  auditSyslogHost: string | undefined;
  auditSyslogPort: number | undefined;
  auditSyslogProtocol: 'tcp' | 'udp' | undefined;
  auditWebhookUrl: string | undefined;
  auditWebhookAuthHeader: string | undefined;
  auditWebhookSecret: string | undefined;
  auditWebhookTimeoutSeconds: number;
  auditWebhookRetryDelayMs: number;
  auditFilePath: string | undefined;
  auditForwardIntervalMs: number;
  auditForwardBackoffMaxSeconds: number;
  statusCheckIntervalSeconds: number;
  databaseTimeoutSeconds: number;
  publicApiUrl: string | undefined;
  publicApiPort: number | undefined;
  publicUiUrl: string | undefined;
  publicUiPort: number | undefined;
  trustProxy: TrustProxy;
  allowedHosts: readonly string[] | undefined;
  renderCacheMegabytes: number;
  maxAgents: number | undefined;
  maxNewAgentsPerMinute: number | undefined;
  heartbeatBufferAgents: number;
  haEnabled: boolean;
  haPollIntervalMs: number;
  fetchRecordIntervalMs: number;
  fleetCountsMaxAgeMs: number;
  rolloutIntervalMs: number;
  webhookIntervalMs: number;
  webhookRetryDelayMs: number;
  webhookAllowPrivate: boolean;
  tokenExpiryNoticeDays: number;
  errorPatternRetentionDays: number;
  haLeaderRetryMs: number;
  logsDir: string | undefined;
  ownerAuthProvider: 'local' | 'ldap';
  ownerExternalId: string | undefined;
  authLocalEnabled: boolean;
  authLdapEnabled: boolean;
  authLdapUrl: string | undefined;
  authLdapBindDn: string | undefined;
  authLdapBindPassword: string | undefined;
  authLdapUserSearchBase: string | undefined;
  authLdapUserSearchFilter: string;
  authLdapStartTls: boolean;
  authLdapCaCertPath: string | undefined;
  authLdapRejectUnauthorized: boolean;
  authLdapAttrUsername: string;
  authLdapAttrEmail: string;
  authLdapAttrDisplayName: string;
  authLdapAttrGroups: string;
  authLdapTimeoutMs: number;
  authLdapSyncIntervalSeconds: number;
  authOidcEnabled: boolean;
  authOidcIssuer: string | undefined;
  authOidcClientId: string | undefined;
  authOidcClientSecret: string | undefined;
  authOidcJwksCooldownSeconds: number;
  authOidcRedirectUri: string | undefined;
  authOidcScopes: string;
  authOidcUsernameClaim: string;
  authOidcGroupsClaim: string;
  authOidcDisplayName: string;
  authOidcPostLoginRedirect: string;
  authOidcAllowInsecure: boolean;
}

export interface OptionSpec<K extends keyof OptionValues = keyof OptionValues> {
  key: K;
  /** Long flag without the leading dashes; absent for environment-only options. */
  flag?: string;
  env?: string;
  /** Boolean flags take no value on the command line. */
  boolean?: boolean;
  /** Shown in `--help`; secrets never print their value. */
  defaultText: string;
  description: string;
  /** Turns the raw text (or `undefined` when nothing set it) into the value, or throws `OptionError(rule)`. */
  parse(raw: string | undefined): OptionValues[K];
}

export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    key: 'port',
    flag: 'port',
    env: 'APP_PORT',
    defaultText: '8888',
    description: 'Port of the API and web UI listener',
    parse: port(8888),
  },
  {
    key: 'heartbeatPort',
    flag: 'heartbeat-port',
    env: 'HEARTBEAT_PORT',
    defaultText: '8000',
    description: 'Port of the heartbeat listener that Telegraf agents POST to',
    parse: port(8000),
  },
  {
    key: 'uiPort',
    flag: 'ui-port',
    env: 'UI_PORT',
    defaultText: 'not set (UI served on --port)',
    description: 'Serve the web UI alone on this extra port; must differ from the other two',
    parse: optionalPort,
  },
  {
    key: 'host',
    flag: 'host',
    env: 'HOST',
    defaultText: '0.0.0.0',
    description: 'Address every listener binds to',
    parse: (raw) => {
      const value = raw === undefined || raw === '' ? '0.0.0.0' : raw;
      if (value.length > 255 || /\s/.test(value)) throw new OptionError('must be an IP address or host name');
      return value;
    },
  },
  {
    key: 'database',
    flag: 'database',
    env: 'DATABASE_URL',
    defaultText: '<data dir>/sqlite.db',
    description: 'postgres://… or postgresql://… for PostgreSQL; otherwise a SQLite file path (file: prefix allowed)',
    parse: (raw) => {
      if (raw === undefined) return undefined;
      const value = raw.trim().replace(/^(["'])(.*)\1$/, '$2');
      if (value === '') return undefined;
      const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
      if (scheme !== undefined && scheme !== 'postgres' && scheme !== 'postgresql' && scheme !== 'file') {
        throw new OptionError(`must be a postgres:// URL or a SQLite file path (scheme "${scheme}" is not supported)`);
      }
      return value;
    },
  },
  {
    key: 'databaseCaCert',
    env: 'DATABASE_CA_CERT',
    defaultText: 'none (PGSSLROOTCERT is honoured too)',
    description: 'CA certificate (PEM file) that verifies the PostgreSQL server',
    parse: text(4096),
  },
  {
    key: 'databaseSslNoVerify',
    env: 'DATABASE_SSL_NO_VERIFY',
    defaultText: 'false',
    description: 'Encrypt the PostgreSQL connection without verifying the server; ignored when a CA is given',
    parse: flag,
  },
  {
    key: 'sslCert',
    flag: 'ssl-cert',
    env: 'SSL_CERT_PATH',
    defaultText: 'none',
    description: 'PEM certificate; with --ssl-key every listener serves HTTPS (SIGHUP reads both files again)',
    parse: text(4096),
  },
  {
    key: 'sslKey',
    flag: 'ssl-key',
    env: 'SSL_KEY_PATH',
    defaultText: 'none',
    description: 'PEM private key for --ssl-cert',
    parse: text(4096),
  },
  {
    key: 'sessionSecret',
    flag: 'session-secret',
    env: 'SESSION_SECRET',
    defaultText: 'generated once and kept in the database',
    description: 'Secret that signs session cookies (at least 32 characters); identical on every HA node',
    parse: sessionSecret,
  },
  {
    key: 'sessionSecretPrevious',
    flag: 'session-secret-previous',
    env: 'SESSION_SECRET_PREVIOUS',
    defaultText: 'none (secret)',
    description:
      'The session secret before a rotation: second factors sealed with it are sealed again with --session-secret at start-up',
    parse: sessionSecret,
  },
  {
    key: 'disableAuthEndpoints',
    flag: 'disable-auth-endpoints',
    env: 'DISABLED_AUTH_ENDPOINTS',
    defaultText: 'none (authentication everywhere)',
    description: `Endpoint groups opened to anyone: comma list of ${ENDPOINT_GROUPS.join(', ')}, or *`,
    parse: (raw) => {
      if (raw === undefined || raw.trim() === '') return [];
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      if (items.includes('*')) return [...ENDPOINT_GROUPS];
      for (const item of items) {
        if (!(ENDPOINT_GROUPS as readonly string[]).includes(item)) {
          throw new OptionError(`"${item}" is not a group; use ${ENDPOINT_GROUPS.join(', ')} or *`);
        }
      }
      return [...new Set(items)] as EndpointGroup[];
    },
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'LOG_LEVEL',
    defaultText: 'info',
    description: `Log level: ${LOG_LEVELS.join(', ')}`,
    parse: (raw) => {
      const value = (raw === undefined || raw === '' ? 'info' : raw.trim().toLowerCase()) as LogLevel;
      if (!LOG_LEVELS.includes(value)) throw new OptionError(`must be one of ${LOG_LEVELS.join(', ')}`);
      return value;
    },
  },
  {
    key: 'noInteractive',
    flag: 'no-interactive',
    boolean: true,
    defaultText: 'off (prompt on a terminal)',
    description: 'Never prompt; the owner then comes from the options below or the web setup page',
    parse: flag,
  },
  {
    key: 'ownerUsername',
    flag: 'owner-username',
    env: 'OWNER_USERNAME',
    defaultText: 'none',
    description: 'Username of the owner created on first start (with --owner-email and --owner-password)',
    parse: text(50),
  },
  {
    key: 'ownerEmail',
    flag: 'owner-email',
    env: 'OWNER_EMAIL',
    defaultText: 'none',
    description: 'Email of the owner created on first start',
    parse: text(254),
  },
  {
    key: 'ownerPassword',
    flag: 'owner-password',
    env: 'OWNER_PASSWORD',
    defaultText: 'none',
    description: 'Password of the owner created on first start',
    parse: text(1024),
  },
  {
    key: 'resetOwnerPassword',
    env: 'RESET_OWNER_PASSWORD',
    defaultText: 'false',
    description: "true: set the owner's password to OWNER_PASSWORD on this start (remove it afterwards)",
    parse: flag,
  },
  {
    key: 'ownerToken',
    flag: 'owner-token',
    env: 'OWNER_TOKEN',
    defaultText: 'none',
    description: "A tc-apiv1_ value provisioned at start as the owner's full-access bootstrap token",
    parse: text(128),
  },
  {
    key: 'disablePresharedTokens',
    flag: 'disable-preshared-tokens',
    env: 'DISABLE_PRESHARED_TOKENS',
    boolean: true,
    defaultText: 'off (pre-shared values accepted)',
    description: 'Refuse client-supplied token values (rawToken); OWNER_TOKEN still works',
    parse: flag,
  },
  {
    key: 'loginLockoutAttempts',
    env: 'LOGIN_LOCKOUT_ATTEMPTS',
    defaultText: '5',
    description: 'Failed sign-ins before an account is locked (first start only; then Settings)',
    parse: wholeNumber(5, 1, 100),
  },
  {
    key: 'loginLockoutMinutes',
    env: 'LOGIN_LOCKOUT_MINUTES',
    defaultText: '15',
    description: 'Minutes a locked account stays locked (first start only; then Settings)',
    parse: wholeNumber(15, 1, 10080),
  },
  {
    key: 'passwordComplexity',
    env: 'PASSWORD_COMPLEXITY',
    defaultText: 'low',
    description: 'Password rules: low (8+), medium (10+, upper, lower, digit), high (12+, and a special character)',
    parse: (raw) => {
      const value = raw === undefined || raw === '' ? 'low' : raw.trim().toLowerCase();
      if (value !== 'low' && value !== 'medium' && value !== 'high') {
        throw new OptionError(`must be low, medium or high (got "${raw}")`);
      }
      return value;
    },
  },
  {
    key: 'auditEnabled',
    flag: 'audit-enabled',
    env: 'AUDIT_ENABLED',
    boolean: true,
    defaultText: 'true',
    description: 'Record the audit log (false: nothing new is recorded; entries kept stay readable until retention)',
    parse: (raw) => {
      const value = raw?.trim().toLowerCase() ?? '';
      if (['', 'true', '1', 'yes'].includes(value)) return true;
      if (['false', '0', 'no'].includes(value)) return false;
      throw new OptionError(`must be true or false (got "${raw}")`);
    },
  },
  {
    key: 'auditCheckIntervalSeconds',
    env: 'AUDIT_CHECK_INTERVAL_SECONDS',
    defaultText: '3600',
    description:
      'Seconds between the leader’s audit rounds: entries past retention deleted (after a checkpoint), the chain head logged',
    parse: wholeNumber(3_600, 1, 86_400),
  },
  {
    key: 'auditLogRetention',
    env: 'AUDIT_LOG_RETENTION',
    defaultText: '2160',
    description: `Hours audit entries are kept, one of ${AUDIT_RETENTION_HOURS.join(', ')} (0 = forever; first start only)`,
    parse: (raw) => {
      const value = raw === undefined || raw === '' ? 2160 : Number(raw);
      if (!(AUDIT_RETENTION_HOURS as readonly number[]).includes(value)) {
        throw new OptionError(`must be one of ${AUDIT_RETENTION_HOURS.join(', ')} (got "${raw}")`);
      }
      return value as (typeof AUDIT_RETENTION_HOURS)[number];
    },
  },
  {
    key: 'statusCheckIntervalSeconds',
    flag: 'status-check-interval',
    env: 'STATUS_CHECK_INTERVAL_SECONDS',
    defaultText: '60',
    description: 'Seconds between status passes (not reporting, auto-delete); only the leader runs them',
    parse: wholeNumber(60, 1, 86_400),
  },
  {
    key: 'databaseTimeoutSeconds',
    flag: 'database-timeout',
    env: 'DATABASE_TIMEOUT_SECONDS',
    defaultText: '60',
    description:
      "Seconds one database statement may take (PostgreSQL; a connection attempt gets at most 10 of them; SQLite's writer thread waits at most 5 for a lock): an unreachable or stalled database gives 503s, never hangs",
    parse: wholeNumber(60, 1, 3_600),
  },
  {
    key: 'publicApiUrl',
    flag: 'public-api-url',
    env: 'PUBLIC_API_URL',
    defaultText: 'none',
    description: 'With --ui-port: the API base URL the web UI calls',
    parse: publicUrl,
  },
  {
    key: 'publicApiPort',
    flag: 'public-api-port',
    env: 'PUBLIC_API_PORT',
    defaultText: 'value of --port',
    description: "With --ui-port: API port the web UI combines with the browser's host name",
    parse: optionalPort,
  },
  {
    key: 'publicUiUrl',
    flag: 'public-ui-url',
    env: 'PUBLIC_UI_URL',
    defaultText: 'none',
    description: 'With --ui-port: an extra origin the API accepts cross-origin calls from',
    parse: publicUrl,
  },
  {
    key: 'publicUiPort',
    flag: 'public-ui-port',
    env: 'PUBLIC_UI_PORT',
    defaultText: 'none',
    description: 'With --ui-port: an extra UI port the API accepts cross-origin calls from',
    parse: optionalPort,
  },
  {
    key: 'trustProxy',
    flag: 'trust-proxy',
    env: 'TRUST_PROXY',
    defaultText: 'none (the peer is the client)',
    description:
      'Proxies whose X-Forwarded-For/-Proto/-Host count: a hop count, or a comma list of addresses and CIDR ranges',
    parse: trustProxy,
  },
  {
    key: 'allowedHosts',
    flag: 'allowed-hosts',
    env: 'ALLOWED_HOSTS',
    defaultText: 'any',
    description: 'Host names requests may address, comma list (*.example.com for every name under one); others: 400',
    parse: hostList,
  },
  {
    key: 'renderCacheMegabytes',
    flag: 'render-cache-mb',
    env: 'RENDER_CACHE_MB',
    defaultText: '128',
    description: 'Memory for rendered configurations kept for agents (MiB); the least recently used go first',
    parse: wholeNumber(128, 1, 65_536),
  },
  {
    key: 'maxAgents',
    flag: 'max-agents',
    env: 'MAX_AGENTS',
    defaultText: 'none',
    description: 'Most agents the controller keeps; heartbeats of further new agents get 429 agent_limit',
    parse: optionalWholeNumber(1, 100_000_000),
  },
  {
    key: 'logsDir',
    flag: 'logs-dir',
    env: 'LOGS_DIR',
    defaultText: 'none',
    description: 'Accepted and ignored, with a warning: agent logs are kept in the database',
    parse: text(4096),
  },
  {
    key: 'maxNewAgentsPerMinute',
    flag: 'max-new-agents-per-minute',
    env: 'MAX_NEW_AGENTS_PER_MINUTE',
    defaultText: 'none',
    description: 'Most new agent ids one token may bring per minute; over it heartbeats of new agents get 429',
    parse: optionalWholeNumber(1, 1_000_000),
  },
  {
    key: 'heartbeatBufferAgents',
    flag: 'heartbeat-buffer-agents',
    env: 'HEARTBEAT_BUFFER_AGENTS',
    defaultText: '200000',
    description:
      'Most agents whose heartbeats wait to be written while the database is down or slow; beyond it heartbeats get 503',
    parse: wholeNumber(200_000, 1, 10_000_000),
  },
  {
    key: 'haEnabled',
    flag: 'ha-enabled',
    env: 'HA_ENABLED',
    boolean: true,
    defaultText: 'false',
    description:
      'Run as one node of a cluster on one PostgreSQL database: needs the same --session-secret on every node, refuses SQLite',
    parse: flag,
  },
  {
    key: 'haPollIntervalMs',
    flag: 'ha-poll-interval',
    env: 'HA_POLL_INTERVAL_MS',
    defaultText: '5000',
    description:
      'With --ha-enabled: milliseconds between checks of the cache versions, the most a node stays stale when a change notice is lost',
    parse: wholeNumber(5_000, 10, 600_000),
  },
  {
    key: 'fetchRecordIntervalMs',
    flag: 'fetch-record-interval',
    env: 'FETCH_RECORD_INTERVAL_MS',
    defaultText: '2000',
    description:
      'Milliseconds between writes of what was served to whom (configuration fetches, coalesced in memory): the most an agent’s served version lags',
    parse: wholeNumber(2_000, 10, 600_000),
  },
  {
    key: 'fleetCountsMaxAgeMs',
    flag: 'fleet-counts-max-age',
    env: 'FLEET_COUNTS_MAX_AGE_MS',
    defaultText: '5000',
    description:
      'Milliseconds a fleet count (list totals, the fleet bar) and the set of Outdated agents are reused before they are worked out again; people’s changes clear them at once',
    parse: wholeNumber(5_000, 0, 600_000),
  },
  {
    key: 'rolloutIntervalMs',
    flag: 'rollout-interval',
    env: 'ROLLOUT_INTERVAL_MS',
    defaultText: '10000',
    description:
      'Milliseconds between the leader’s judgements of running rollouts: how soon a step whose bake time has passed moves on, finishes or reverts',
    parse: wholeNumber(10_000, 10, 600_000),
  },
  {
    key: 'webhookIntervalMs',
    flag: 'webhook-interval',
    env: 'WEBHOOK_INTERVAL_MS',
    defaultText: '5000',
    description: 'Milliseconds between the leader’s rounds of webhook deliveries (queued events, retries that are due)',
    parse: wholeNumber(5_000, 10, 600_000),
  },
  {
    key: 'webhookRetryDelayMs',
    flag: 'webhook-retry-delay',
    env: 'WEBHOOK_RETRY_DELAY_MS',
    defaultText: '30000',
    description:
      'Milliseconds before a failed webhook delivery is tried again, doubling each time (up to an hour; 10 attempts in all)',
    parse: wholeNumber(30_000, 10, 3_600_000),
  },
  {
    key: 'webhookAllowPrivate',
    flag: 'webhook-allow-private',
    env: 'WEBHOOK_ALLOW_PRIVATE',
    boolean: true,
    defaultText: 'false',
    description:
      'Let webhooks (and their test button) reach loopback, link-local and private addresses; refused by default (no SSRF)',
    parse: flag,
  },
  {
    key: 'tokenExpiryNoticeDays',
    flag: 'token-expiry-notice-days',
    env: 'TOKEN_EXPIRY_NOTICE_DAYS',
    defaultText: '7',
    description: 'Days before an API token expires that the token.expiring webhook event is sent (once per token)',
    parse: wholeNumber(7, 1, 365),
  },
  {
    key: 'errorPatternRetentionDays',
    flag: 'error-pattern-retention-days',
    env: 'ERROR_PATTERN_RETENTION_DAYS',
    defaultText: '7',
    description:
      'Days an error pattern, and each agent’s report of it, is kept after it was last seen (the leader clears them hourly)',
    parse: wholeNumber(7, 1, 3650),
  },
  {
    key: 'haLeaderRetryMs',
    flag: 'ha-leader-retry',
    env: 'HA_LEADER_RETRY_MS',
    defaultText: '3000',
    description: 'Milliseconds between a standby’s attempts to become the leader (PostgreSQL)',
    parse: wholeNumber(3_000, 10, 600_000),
  },
  ...AUDIT_OPTION_SPECS,
  ...AUTH_OPTION_SPECS,
];

/** How an option is named in errors: its flag and its environment variable, so either can be found. */
export function optionName(spec: OptionSpec): string {
  return [spec.flag && `--${spec.flag}`, spec.env].filter(Boolean).join('/');
}

function sessionSecret(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) throw new OptionError('must be at least 32 characters (try: openssl rand -hex 32)');
  if (raw.length > 1024) throw new OptionError('must be at most 1024 characters');
  return raw;
}
