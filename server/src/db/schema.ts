import type { PasswordComplexity } from '@telegraf-controller/contract/auth';
import type { Role } from '@telegraf-controller/contract/permissions';

/**
 * The database as Kysely sees it, in camelCase (CamelCasePlugin maps to snake_case columns). Timestamps are ISO-8601
 * UTC strings on both engines; flags are integers 0/1, since SQLite has no boolean type.
 */

export interface ReportingRulesTable {
  id: string;
  description: string;
  notReportingAfterSeconds: number;
  autoDelete: number;
  autoDeleteAfterSeconds: number | null;
  isDefault: number;
  /** Beats of no metrics (status OK or undefined) that flag an agent Silent; 0: never. */
  silentAfterBeats: number;
  /** Beats of rising errors that flag an agent Degrading; 0: never. */
  degradingAfterBeats: number;
  createdAt: string;
  updatedAt: string;
}

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: uniqueness and sign-in ignore case. */
  usernameKey: string;
  email: string;
  emailKey: string;
  displayName: string | null;
  role: Role;
  authProvider: AuthProvider;
  /** The directory entry's DN (LDAP) or the `sub` claim (OIDC); null for local users. */
  externalId: string | null;
  /** The role an invite gave an external user: it stands in for the provider's default role. */
  provisionedRole: Role | null;
  passwordHash: string | null;
  failedLoginCount: number;
  lockedUntil: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself lives only in the browser's cookie. */
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** 1 while the user's role requires a second factor they have not enrolled: the session may only enrol. */
  secondFactorPending: number;
  /** The ID token of a single sign-on, the hint with which signing out ends the provider's session too. */
  idToken: string | null;
}

export interface SecondFactorsTable {
  userId: string;
  /** Sealed seeds (see `sealed-secret.ts`): the one in use, null until enrolment is confirmed; the one being enrolled. */
  seed: string | null;
  pendingSeed: string | null;
  /** The last TOTP time step a code was accepted for; bigint, which PostgreSQL hands over as text. */
  lastStep: string | number | null;
  /** Sealed JSON array of the recovery codes not used yet. */
  recoveryCodes: string | null;
  enrolledAt: string | null;
  updatedAt: string;
}

export type AuthProvider = 'local' | 'ldap' | 'oidc';
export type ExternalProvider = Exclude<AuthProvider, 'local'>;

export interface AuthProvisioningTable {
  provider: ExternalProvider;
  strategy: 'invite_only' | 'domain_restricted' | 'auto_create';
  defaultRole: Exclude<Role, 'owner'>;
  /** JSON array of lower-case domains. */
  allowedDomains: string;
  autoLink: number;
  onNoMatch: 'use_default_role' | 'reject';
  displayName: string | null;
  groupsClaim: string | null;
  updatedAt: string;
}

export interface GroupRoleMappingsTable {
  id: string;
  provider: ExternalProvider;
  groupName: string;
  groupKey: string;
  role: Exclude<Role, 'owner'>;
  createdAt: string;
}

export interface InvitesTable {
  id: string;
  codeHash: string;
  username: string;
  usernameKey: string;
  email: string;
  emailKey: string;
  role: Role;
  provider: AuthProvider;
  expiresAt: string;
  createdBy: string | null;
  createdAt: string;
}

export interface PasswordResetsTable {
  id: string;
  codeHash: string;
  userId: string;
  expiresAt: string;
  createdBy: string | null;
  createdAt: string;
}

export interface SettingsTable {
  id: number;
  loginLockoutAttempts: number;
  loginLockoutMinutes: number;
  passwordComplexity: PasswordComplexity;
  publicUiUrl: string | null;
  publicApiUrl: string | null;
  publicHeartbeatUrl: string | null;
  auditRetentionHours: number;
  duplicateWindowMinutes: number;
  outdatedGraceMinutes: number;
  /** Four eyes: a version is published or rolled out only once someone other than its author approved it. */
  requireApproval: number;
  /** JSON array of the roles whose local sign-in needs a second factor. */
  secondFactorRoles: string;
  updatedAt: string;
}

export type AuditActorType = 'user' | 'token' | 'system';
export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One entry of the audit log's hash chain (ADR 25). */
export interface AuditLogTable {
  /** bigint: PostgreSQL hands it over as text. */
  seq: string | number;
  /** ISO 8601 UTC with milliseconds, as hashed. */
  at: string;
  action: string;
  outcome: AuditOutcome;
  actorType: AuditActorType;
  actorId: string | null;
  actorName: string | null;
  /** The user a token belongs to, for an entry a token's call wrote. */
  tokenOwnerId: string | null;
  ip: string | null;
  userAgent: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  /** Canonical JSON (sorted keys). */
  details: string;
  prevHash: string;
  hash: string;
}

/** The chain's head, one row: the lock writers take, and the flag the retention job raises while it prunes. */
export interface AuditChainTable {
  id: number;
  seq: string | number;
  hash: string;
  pruning: number;
}

/** How far one audit forwarder has sent the chain. */
export interface AuditForwardingTable {
  name: string;
  /** bigint: PostgreSQL hands it over as text. */
  sentSeq: string | number;
  sentAt: string | null;
  /** ISO time of the first failure of the current outage; null while the destination takes entries. */
  failingSince: string | null;
  lastError: string | null;
}

export interface CacheVersionsTable {
  channel: string;
  /** bigint: PostgreSQL hands it over as text. */
  version: string | number;
}

export interface InstanceSecretsTable {
  name: string;
  value: string;
  createdAt: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  nameKey: string;
  tokenHash: string;
  last4: string;
  userId: string;
  /** JSON array of permissions, already narrowed to the owner's role. */
  permissions: string;
  source: 'user' | 'preshared' | 'bootstrap';
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
  lastUsedFrom: string | null;
  /** The token this one was created with (a token never outlives its parent); null when made in a session. */
  parentTokenId: string | null;
}

export interface ConfigsTable {
  id: string;
  name: string;
  nameKey: string;
  description: string | null;
  /** The current template, placeholders unresolved; equal to the newest version's TOML. */
  toml: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  /** JSON: what the current version asks of Telegraf (`TelegrafRequirement[]`); null until computed. */
  requirements: string | null;
  /** `telegrafVersionKey` of the newest release it needs, and of the first release that removes a plugin it uses. */
  requiresKey: string | null;
  removedKey: string | null;
  /** Whether a save is served at once (`live`, the column's default), or waits to be published (ADR 27). */
  publishMode: PublishMode;
  /** The version served when no rollout or pin applies, and since when; null: the newest, since its save. */
  publishedVersion: number | null;
  publishedAt: string | null;
  /** The kill switch: this version is served to every agent while set. */
  pinnedVersion: number | null;
  pinnedAt: string | null;
  pinnedBy: string | null;
}

export type PublishMode = 'live' | 'explicit';

export interface ConfigVersionApprovalsTable {
  configId: string;
  version: number;
  approvedBy: string;
  approvedAt: string;
}

export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  /** Signs each delivery (HMAC-SHA256); shown once, when the subscription is made. */
  secret: string;
  /** JSON array of the event types sent. */
  events: string;
  enabled: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'rejected' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  webhookId: string;
  event: string;
  /** The JSON body sent, as sent. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastResponse: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type RolloutState = 'running' | 'paused' | 'finished' | 'reverted' | 'aborted';

/** A rollout of one version of a configuration through ordered cohorts (ADR 27). */
export interface RolloutsTable {
  id: string;
  configId: string;
  fromVersion: number;
  toVersion: number;
  state: RolloutState;
  /** The last cohort reached (0-based): cohorts 0..step are served the new version. */
  step: number;
  stepStartedAt: string;
  /** JSON: the cohorts, each with its selector, bake time and gates. */
  cohorts: string;
  /** The last step whose cohort was taken (its label cohort's agents written down; ADR 27); -1: none yet. */
  cohortsTaken: number;
  /** JSON: the gate that halted it, its value and limit, and the agents that counted. */
  breach: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

/** An agent of a label cohort, taken when its step began (ADR 27). */
export interface RolloutCohortMembersTable {
  rolloutId: string;
  step: number;
  agentId: string;
}

/** A step's latest figures, as the leader measured them. */
export interface RolloutStepFiguresTable {
  rolloutId: string;
  step: number;
  agents: number;
  sample: number;
  minSample: number;
  fail: number;
  notReporting: number;
  newlyErroring: number;
  measuredAt: string;
}

export interface ConfigVersionsTable {
  configId: string;
  version: number;
  toml: string;
  note: string | null;
  authorId: string | null;
  createdAt: string;
}

export interface ConstantsTable {
  name: string;
  value: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AliasesTable {
  alias: string;
  targetType: 'config' | 'group';
  targetId: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConfigGroupsTable {
  id: string;
  name: string;
  nameKey: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

export interface ConfigGroupMembersTable {
  groupId: string;
  configId: string;
  position: number;
}

export interface LabelsTable {
  id: string;
  name: string;
  nameKey: string;
  color: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConfigLabelsTable {
  configId: string;
  labelId: string;
}

export interface ConfigGroupLabelsTable {
  groupId: string;
  labelId: string;
}

export type AgentStatus = 'ok' | 'warn' | 'fail' | 'undefined' | 'not_reporting';
export type ReportedStatus = Exclude<AgentStatus, 'not_reporting'>;

export interface AgentsTable {
  /** The `instance_id` the agent reports (`id` on the wire). */
  id: string;
  hostname: string | null;
  ip: string | null;
  version: string | null;
  status: AgentStatus;
  reportedStatus: ReportedStatus;
  reportingRuleId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Statistics of the latest heartbeat that carried them (bigint: pg returns strings). */
  errors: number | string | null;
  warnings: number | string | null;
  metrics: number | string | null;
  nameKey: string;
  /** 0 until a status pass has recorded the agent's registration in the audit log. */
  registrationRecorded: number;
  /** 1 once a status pass turned the agent `not_reporting`, until a later pass sees it report again (audit log). */
  notReportingMarked: number;
  /** The hostname before the last change, and when it changed (duplicate ids). */
  previousHostname: string | null;
  hostnameChangedAt: string | null;
  /** The last change back to the previous hostname: when, how long after the change before it, which two hosts. */
  alternatedAt: string | null;
  alternationGapMs: number | string | null;
  /** JSON array of the two hostnames, the one changed back to first. */
  alternationHosts: string | null;
  alternations: number;
  /** The token the agent's last heartbeat came with (null: none), and when. */
  tokenId: string | null;
  tokenSeenAt: string | null;
  /** Consecutive heartbeats with statistics that routed no metric to the heartbeat output. */
  silentBeats: number;
  /** Consecutive heartbeats whose error count rose over the heartbeat before's. */
  risingErrorBeats: number;
  /** `telegrafVersionKey` of the reported version (null: none could be read). */
  versionKey: string | null;
}

export interface AgentDetailsTable {
  agentId: string;
  /** JSON array of the config sources as reported. */
  configurations: string | null;
  /** JSON array of the stored log entries of the latest heartbeat that carried logs. */
  logs: string | null;
  logsReported: number;
  /** `last` of a heartbeat sent after a failed one: when the agent last got through. */
  lastFailureAt: string | null;
  updatedAt: string;
}

export interface AgentConfigsTable {
  agentId: string;
  position: number;
  kind: 'managed' | 'external';
  source: string;
  configId: string | null;
  groupId: string | null;
  version: number | null;
  /** `fetchDigest` of the source, to match it to a fetch served at that URL (null: linked before migration 0023). */
  sourceDigest: string | null;
}

/** The latest fetch per configuration and fetching agent (migration 0023, ADR 26). */
export interface ConfigFetchesTable {
  configId: string;
  /** The agent identity the URL carried, or `#` and the source digest for a fetch without one. */
  fetchKey: string;
  agentId: string | null;
  /** Set when the configuration was served as a member of this group. */
  groupId: string | null;
  version: number;
  sourceDigest: string;
  tokenId: string | null;
  ip: string | null;
  fetchedAt: string;
  /** The last GET or HEAD of the URL. */
  checkedAt: string;
  /** Between the last two GETs or HEADs (bigint: pg returns strings). */
  intervalMs: number | string | null;
}

/** A heartbeat log message with numbers, ids and addresses masked, per level and source (migration 0025). */
export interface ErrorPatternsTable {
  id: string;
  level: 'ERROR' | 'WARN';
  source: string;
  pattern: string;
  /** The latest message of the pattern as sent, and who sent it. */
  sample: string;
  sampleAgentId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number | string;
}

/** An agent that reported a pattern: when first and last, how often. */
export interface ErrorPatternAgentsTable {
  patternId: string;
  agentId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number | string;
}

export interface AgentStatisticsTable {
  agentId: string;
  at: string;
  errors: number | string;
  warnings: number | string;
  metrics: number | string;
}

export interface AgentLabelsTable {
  agentId: string;
  labelId: string;
}

export interface Database {
  reportingRules: ReportingRulesTable;
  users: UsersTable;
  sessions: SessionsTable;
  secondFactors: SecondFactorsTable;
  invites: InvitesTable;
  passwordResets: PasswordResetsTable;
  settings: SettingsTable;
  auditLog: AuditLogTable;
  auditChain: AuditChainTable;
  auditForwarding: AuditForwardingTable;
  instanceSecrets: InstanceSecretsTable;
  cacheVersions: CacheVersionsTable;
  authProvisioning: AuthProvisioningTable;
  groupRoleMappings: GroupRoleMappingsTable;
  apiTokens: ApiTokensTable;
  configs: ConfigsTable;
  configVersions: ConfigVersionsTable;
  configVersionApprovals: ConfigVersionApprovalsTable;
  rollouts: RolloutsTable;
  rolloutCohortMembers: RolloutCohortMembersTable;
  rolloutStepFigures: RolloutStepFiguresTable;
  webhooks: WebhooksTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookNotices: { notice: string; createdAt: string };
  constants: ConstantsTable;
  aliases: AliasesTable;
  configGroups: ConfigGroupsTable;
  configGroupMembers: ConfigGroupMembersTable;
  labels: LabelsTable;
  configLabels: ConfigLabelsTable;
  configGroupLabels: ConfigGroupLabelsTable;
  agents: AgentsTable;
  agentDetails: AgentDetailsTable;
  agentConfigs: AgentConfigsTable;
  configFetches: ConfigFetchesTable;
  errorPatterns: ErrorPatternsTable;
  errorPatternAgents: ErrorPatternAgentsTable;
  agentStatistics: AgentStatisticsTable;
  agentLabels: AgentLabelsTable;
}
