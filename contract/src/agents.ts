import { Type, type Static } from 'typebox';
import { LabelRef } from './labels.js';
import { Id, Timestamp } from './users.js';
import { Nullable } from './nullable.js';
import { ListQuery, Page } from './pages.js';

export const AGENT_STATUSES = ['ok', 'warn', 'fail', 'undefined', 'not_reporting'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const AgentStatusSchema = Type.Unsafe<AgentStatus>(Type.String({ enum: [...AGENT_STATUSES] }));
export const ReportedStatusSchema = Type.Unsafe<Exclude<AgentStatus, 'not_reporting'>>(
  Type.String({ enum: ['ok', 'warn', 'fail', 'undefined'] }),
);
/** The instance_id an agent reports: any text (Telegraf sets no rule), at most 256 characters. */
export const AgentId = Type.String({ minLength: 1, maxLength: 256 });

export const AgentStatistics = Type.Object({
  errors: Type.Integer({ minimum: 0 }),
  warnings: Type.Integer({ minimum: 0 }),
  metrics: Type.Integer({ minimum: 0 }),
});
export type AgentStatistics = Static<typeof AgentStatistics>;

/** How the version an agent runs is known (ADR 26): its own fetch, a fetch at its URL, or neither. */
export const VERSION_BASES = ['exact', 'inferred', 'unknown'] as const;
export type VersionBasis = (typeof VERSION_BASES)[number];

/** A configuration an agent runs through a link (the configuration itself, or each member of a group). */
export const ServedVersion = Type.Object({
  configId: Id,
  configName: Type.String({ maxLength: 200 }),
  /** The version it runs; null when nothing tells (a group's member the agent was never seen fetching). */
  version: Nullable(Type.Integer({ minimum: 1 })),
  latestVersion: Type.Integer({ minimum: 1 }),
  /**
   * exact: the agent fetched it with its identity; inferred: a fetch at the URL it reports; unknown: the version
   * linked from its heartbeat (the one served here at that URL, else the one current then).
   */
  basis: Type.Unsafe<VersionBasis>(Type.String({ enum: [...VERSION_BASES] })),
  /** A newer version was saved longer ago than the grace (twice its fetch interval, else the setting). */
  outdated: Type.Boolean(),
  /** When it last fetched this configuration, when known. */
  fetchedAt: Nullable(Timestamp),
  /**
   * Why the Telegraf it reports cannot run the current version (`inputs.x: Telegraf 1.38.0 or later`,
   * `inputs.y: removed in Telegraf 1.40.0`); empty when it can, or when its version cannot be read.
   */
  incompatible: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 1000 }),
});
export type ServedVersion = Static<typeof ServedVersion>;

export const AgentConfigLink = Type.Object({
  kind: Type.Unsafe<'managed' | 'external'>(Type.String({ enum: ['managed', 'external'] })),
  source: Type.String({ maxLength: 4096 }),
  configId: Type.Optional(Id),
  /** The configuration's name, for managed links to a configuration. */
  configName: Type.Optional(Type.String({ maxLength: 200 })),
  groupId: Type.Optional(Id),
  groupName: Type.Optional(Type.String({ maxLength: 200 })),
  /** The configuration's version when the agent reported loading it. */
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  /** What it runs of a managed link: the configuration, or each member of the group. */
  runs: Type.Array(ServedVersion, { maxItems: 1000 }),
});
export type AgentConfigLink = Static<typeof AgentConfigLink>;

export const AgentSummaryRow = Type.Object({
  id: AgentId,
  hostname: Nullable(Type.String({ maxLength: 1024 })),
  ip: Nullable(Type.String({ maxLength: 64 })),
  version: Nullable(Type.String({ maxLength: 1024 })),
  status: AgentStatusSchema,
  reportedStatus: ReportedStatusSchema,
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  reportingRuleId: Id,
  labels: Type.Array(LabelRef, { maxItems: 200 }),
  /** From the latest heartbeat that carried statistics; null when the agent does not send them. */
  statistics: Nullable(AgentStatistics),
  /**
   * Heartbeats in a row that routed no metric to the heartbeat output while the agent reports OK (or no status);
   * set once its reporting rule's `silentAfterBeats` is reached: "OK" but sending nothing.
   */
  silent: Nullable(Type.Object({ beats: Type.Integer({ minimum: 0 }), after: Type.Integer({ minimum: 1 }) })),
  /** Heartbeats in a row whose error count rose; set once the rule's `degradingAfterBeats` is reached. */
  degrading: Nullable(Type.Object({ beats: Type.Integer({ minimum: 0 }), after: Type.Integer({ minimum: 1 }) })),
  /**
   * Set while the agent's id heartbeats with two hostnames in turn within the duplicate window (Settings): two
   * machines, often a cloned image, share one id and their health is merged into this row.
   */
  /** A configuration it loads has a newer version it has not fetched, beyond the grace (see `configs[].runs`). */
  outdated: Type.Boolean(),
  /** The Telegraf it reports cannot run the current version of a configuration it loads (see `configs[].runs`). */
  incompatible: Type.Boolean(),
  duplicate: Nullable(
    Type.Object({
      /** The hostname it changed back to, and the one it changed from. */
      hosts: Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 2 }),
      /** The last change back. */
      lastAt: Timestamp,
      /** Milliseconds between that change back and the change before it. */
      gapMs: Type.Integer({ minimum: 0 }),
      /** Changes back seen since the agent was first seen. */
      count: Type.Integer({ minimum: 0 }),
    }),
  ),
});
export type AgentSummaryRow = Static<typeof AgentSummaryRow>;

export const Agent = Type.Object({
  ...AgentSummaryRow.properties,
  configs: Type.Array(AgentConfigLink, { maxItems: 1000 }),
  /** The token its last heartbeat came with (`name` null: the token was deleted since); null when it came with none. */
  token: Nullable(Type.Object({ id: Id, name: Nullable(Type.String({ maxLength: 100 })), lastUsedAt: Timestamp })),
});
export type Agent = Static<typeof Agent>;

export const AGENT_SORTS = ['lastSeen', 'status', 'id', 'hostname'] as const;
export type AgentSort = (typeof AGENT_SORTS)[number];

const Filters = {
  status: Type.Optional(Type.Union([AgentStatusSchema, Type.Array(AgentStatusSchema, { maxItems: 5 })])),
  /** A configuration id or alias: agents that reported loading it. */
  config: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** A configuration group id or alias. */
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  reportingRule: Type.Optional(Id),
  label: Type.Optional(Type.Union([Id, Type.Array(Id, { maxItems: 20 })])),
  /** Exact Telegraf version as reported, e.g. `Telegraf 1.37.0`. */
  version: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  /** Part of the id, hostname or IP (case-insensitive). */
  search: Type.Optional(Type.String({ maxLength: 200 })),
  /**
   * silent: agents flagged Silent; degrading: agents flagged Degrading (by their reporting rule's thresholds);
   * outdated: agents running an older version of a configuration than the one saved, beyond the grace;
   * incompatible: agents whose Telegraf cannot run the current version of a configuration they load.
   */
  flag: Type.Optional(
    Type.Union([
      Type.Literal('silent'),
      Type.Literal('degrading'),
      Type.Literal('outdated'),
      Type.Literal('incompatible'),
    ]),
  ),
  /** A token id: agents whose heartbeats or configuration fetches came with it in the last 30 days. */
  token: Type.Optional(Id),
  /** An error pattern's id (`GET /api/error-patterns`): agents that reported it within the retention. */
  errorPattern: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** true: only agents flagged as a duplicate id (two hosts heartbeating in turn); false: only the others. */
  duplicate: Type.Optional(Type.Boolean()),
};

export const AgentFilterQuery = Type.Object(Filters, { additionalProperties: false });
export type AgentFilterQuery = Static<typeof AgentFilterQuery>;

/** An agent's cursor holds its sort key, which may be a hostname or version of up to 1,024 characters. */
const AGENT_CURSOR = { cursorMaxLength: 1024 };

export const AgentListQuery = ListQuery(
  {
    ...Filters,
    sortBy: Type.Optional(Type.Unsafe<AgentSort>(Type.String({ enum: [...AGENT_SORTS] }))),
    sortOrder: Type.Optional(Type.Unsafe<'asc' | 'desc'>(Type.String({ enum: ['asc', 'desc'] }))),
  },
  AGENT_CURSOR,
);
export type AgentListQuery = Static<typeof AgentListQuery>;

export const AgentList = Page(AgentSummaryRow, AGENT_CURSOR);
export type AgentList = Static<typeof AgentList>;

export const AgentsSummary = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  /** Agents per status; every status is present. */
  status: Type.Object(Object.fromEntries(AGENT_STATUSES.map((s) => [s, Type.Integer({ minimum: 0 })]))),
  telegrafVersion: Type.Array(
    Type.Object({ version: Nullable(Type.String({ maxLength: 1024 })), count: Type.Integer({ minimum: 0 }) }),
    { maxItems: 1000 },
  ),
  /** Agents flagged Outdated (`flag=outdated`) and Incompatible (`flag=incompatible`). */
  outdated: Type.Integer({ minimum: 0 }),
  incompatible: Type.Integer({ minimum: 0 }),
  lastReported: Type.Object({
    lt5m: Type.Integer({ minimum: 0 }),
    lt30m: Type.Integer({ minimum: 0 }),
    lt1h: Type.Integer({ minimum: 0 }),
    lt12h: Type.Integer({ minimum: 0 }),
    lt24h: Type.Integer({ minimum: 0 }),
    older: Type.Integer({ minimum: 0 }),
  }),
});
export type AgentsSummary = Static<typeof AgentsSummary>;

export const AgentUpdate = Type.Object({ reportingRuleId: Type.Optional(Id) }, { additionalProperties: false });
export type AgentUpdate = Static<typeof AgentUpdate>;

export const AgentIds = Type.Object(
  { ids: Type.Array(AgentId, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type AgentIds = Static<typeof AgentIds>;

export const BulkReportingRule = Type.Object(
  { ids: Type.Array(AgentId, { minItems: 1, maxItems: 500, uniqueItems: true }), reportingRuleId: Id },
  { additionalProperties: false },
);
export type BulkReportingRule = Static<typeof BulkReportingRule>;

export const BulkAgentsResult = Type.Object({
  changed: Type.Array(AgentId, { maxItems: 500 }),
  missing: Type.Array(AgentId, { maxItems: 500 }),
});
export type BulkAgentsResult = Static<typeof BulkAgentsResult>;

export const StoredLogEntry = Type.Object({
  time: Type.String({ maxLength: 64 }),
  level: Type.Unsafe<'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE'>(
    Type.String({ enum: ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] }),
  ),
  source: Type.String({ maxLength: 1024 }),
  message: Type.String({ maxLength: 8192 }),
  attributes: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  truncated: Type.Optional(Type.Boolean()),
  attributesDropped: Type.Optional(Type.Boolean()),
});
export type StoredLogEntry = Static<typeof StoredLogEntry>;

/** `GET /api/heartbeat/agent/{id}/latest-heartbeat`. */
export const LatestHeartbeat = Nullable(
  Type.Object({
    receivedAt: Timestamp,
    status: ReportedStatusSchema,
    version: Nullable(Type.String({ maxLength: 1024 })),
    statistics: Nullable(AgentStatistics),
    configurations: Nullable(Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 1000 })),
    /** How many log entries the agent sent, and how many were kept (at most 200 within 64 KiB). */
    reportedLogCount: Type.Integer({ minimum: 0 }),
    storedLogCount: Type.Integer({ minimum: 0 }),
    logs: Type.Array(StoredLogEntry, { maxItems: 200 }),
    /** Sent after refused heartbeats: when the agent last got through. */
    lastSuccessAt: Nullable(Timestamp),
  }),
);
export type LatestHeartbeat = Static<typeof LatestHeartbeat>;

export const HeartbeatLogsQuery = Type.Object(
  {
    /** Epoch milliseconds. */
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 200 })),
  },
  { additionalProperties: false },
);
export type HeartbeatLogsQuery = Static<typeof HeartbeatLogsQuery>;

/** Statistics series, oldest first. */
export const HeartbeatLogs = Type.Array(
  Type.Object({
    timestamp: Type.Integer({ minimum: 0 }),
    errors: Type.Integer({ minimum: 0 }),
    warnings: Type.Integer({ minimum: 0 }),
    metrics: Type.Integer({ minimum: 0 }),
  }),
  { maxItems: 5000 },
);
export type HeartbeatLogs = Static<typeof HeartbeatLogs>;

/** `GET /api/configs/{id}/agent-versions`: which agents run which version of a configuration. */
export const ConfigAgentVersions = Type.Object({
  configId: Id,
  latestVersion: Type.Integer({ minimum: 1 }),
  /** Agents per version they run (null: not known), and how many of them are known exactly, inferred or not. */
  versions: Type.Array(
    Type.Object({
      version: Nullable(Type.Integer({ minimum: 1 })),
      agents: Type.Integer({ minimum: 0 }),
      exact: Type.Integer({ minimum: 0 }),
      inferred: Type.Integer({ minimum: 0 }),
      unknown: Type.Integer({ minimum: 0 }),
      outdated: Type.Integer({ minimum: 0 }),
    }),
    { maxItems: 10_000 },
  ),
  /** Fetches that named no agent (no identity in the URL), per version served: distinct URLs, not agents. */
  anonymousFetches: Type.Array(
    Type.Object({ version: Type.Integer({ minimum: 1 }), urls: Type.Integer({ minimum: 0 }) }),
    { maxItems: 10_000 },
  ),
});
export type ConfigAgentVersions = Static<typeof ConfigAgentVersions>;
