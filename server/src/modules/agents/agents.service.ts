import type { Kysely } from 'kysely';
import {
  AGENT_STATUSES,
  type Agent,
  type AgentFilterQuery,
  type AgentList,
  type AgentListQuery,
  type AgentsSummary,
  type AgentSummaryRow,
  type BulkAgentsResult,
  type ConfigAgentVersions,
  type HeartbeatLogs,
  type HeartbeatLogsQuery,
  type LatestHeartbeat,
  type ServedVersion,
} from '@telegraf-controller/contract/agents';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import type { Engine } from '../../db/connect.js';
import type { AgentsTable, Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { AliasesService } from '../aliases/aliases.service.js';
import type { HeartbeatsService } from '../heartbeats/heartbeats.service.js';
import type { StoredLog } from '../heartbeats/heartbeat-logs.js';
import { labelsOf } from '../labels/label-links.js';
import {
  deleteAgentRows,
  findAgentRow,
  findDetailsRow,
  findTokenName,
  flagThresholds,
  configFacts,
  configVersionCounts,
  flagCounts,
  linkRows,
  listAgentRows,
  reportingRuleExists,
  setReportingRule,
  sortColumns,
  statisticsRows,
  summarizeAgents,
  type AgentFilter,
  type FlagThresholds,
  type FleetCounts,
  type OutdatedFilter,
} from './agents.repo.js';
import type { AgentCounts } from './agent-counts.js';
import type { Identity } from '../../http/access.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { ID_SAMPLE } from './status-scheduler.js';
import { incompatibilities, incompatibleAmong } from './compatibility.js';
import {
  outdatedAgentIds,
  servedLinkRows,
  type DriftRule,
  type LinkScope,
  type ServedLinkRow,
} from './served-links.js';

export interface AgentsService {
  list(query: AgentListQuery): Promise<AgentList>;
  summary(query: AgentFilterQuery): Promise<AgentsSummary>;
  get(id: string): Promise<Agent>;
  remove(actor: Identity | null, id: string, origin: RequestOrigin): Promise<void>;
  removeMany(actor: Identity | null, ids: readonly string[], origin: RequestOrigin): Promise<BulkAgentsResult>;
  assignRule(
    actor: Identity | null,
    ids: readonly string[],
    reportingRuleId: string,
    origin: RequestOrigin,
  ): Promise<BulkAgentsResult>;
  latestHeartbeat(id: string): Promise<LatestHeartbeat>;
  statistics(id: string, query: HeartbeatLogsQuery): Promise<HeartbeatLogs>;
  /** Which agents run which version of a configuration (an id or alias). */
  versionsOf(config: string): Promise<ConfigAgentVersions>;
}

const statistics = (row: AgentsTable) =>
  row.errors === null
    ? null
    : { errors: Number(row.errors), warnings: Number(row.warnings), metrics: Number(row.metrics) };

/** The agent's duplicate-id flag: its last change back of hostname is within the window, and so was the change before. */
export function duplicateOf(row: AgentsTable, windowMs: number, now: number): AgentSummaryRow['duplicate'] {
  if (row.alternatedAt === null || row.alternationHosts === null) return null;
  const gapMs = Number(row.alternationGapMs);
  const lastAt = new Date(row.alternatedAt).toISOString();
  if (Date.parse(lastAt) < now - windowMs || gapMs > windowMs) return null;
  return { hosts: JSON.parse(row.alternationHosts) as string[], lastAt, gapMs, count: row.alternations };
}

/** How the flags of a page of agents are judged: the duplicate window, each rule's thresholds, who is Outdated. */
interface FlagContext {
  windowMs: number;
  thresholds: ReadonlyMap<string, FlagThresholds>;
  outdated: ReadonlySet<string>;
  incompatible: ReadonlySet<string>;
}

/** Silent: no metric for the rule's beats in a row while the agent reports OK or no status (and reports at all). */
export function flagsOf(row: AgentsTable, thresholds: FlagThresholds | undefined) {
  const reporting = row.status !== 'not_reporting';
  const silentAfter = thresholds?.silentAfterBeats ?? 0;
  const degradingAfter = thresholds?.degradingAfterBeats ?? 0;
  const quietStatus = row.reportedStatus === 'ok' || row.reportedStatus === 'undefined';
  return {
    silent:
      reporting && quietStatus && silentAfter > 0 && row.silentBeats >= silentAfter
        ? { beats: row.silentBeats, after: silentAfter }
        : null,
    degrading:
      reporting && degradingAfter > 0 && row.risingErrorBeats >= degradingAfter
        ? { beats: row.risingErrorBeats, after: degradingAfter }
        : null,
  };
}

function presentRow(row: AgentsTable, context: FlagContext, labels: readonly LabelRef[] = []): AgentSummaryRow {
  return {
    id: row.id,
    hostname: row.hostname,
    ip: row.ip,
    version: row.version,
    status: row.status,
    reportedStatus: row.reportedStatus,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    reportingRuleId: row.reportingRuleId,
    labels: [...labels],
    statistics: statistics(row),
    ...flagsOf(row, context.thresholds.get(row.reportingRuleId)),
    duplicate: duplicateOf(row, context.windowMs, Date.now()),
    outdated: context.outdated.has(row.id),
    incompatible: context.incompatible.has(row.id),
  };
}

const DAY_MS = 86_400_000;

/** What an agent runs of one configuration, as the served links say. */
function presentRun(
  run: ServedLinkRow,
  facts: ReadonlyMap<string, { name: string; requirements: string | null }>,
  telegraf: string | null,
): ServedVersion {
  const config = facts.get(run.configId);
  return {
    configId: run.configId,
    configName: config?.name ?? '',
    version: run.version === null ? null : Number(run.version),
    latestVersion: Number(run.latest),
    basis: run.basis,
    outdated: Number(run.outdated) === 1,
    fetchedAt: run.fetchedAt === null ? null : new Date(run.fetchedAt).toISOString(),
    incompatible: incompatibilities(telegraf, config?.requirements ?? null),
  };
}

/** A filter as a key of the counts: the Outdated agents it lists are worked out from its rule. */
const countsKey = (filter: AgentFilter) => JSON.stringify({ ...filter, outdated: filter.outdated?.rule });

/** The summary of a fleet from its counts: versions most common first, bands as disjoint ranges. */
function presentSummary({ byStatus, byVersion, bands }: FleetCounts): Omit<AgentsSummary, 'outdated' | 'incompatible'> {
  const status = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const row of byStatus) status[row.status] = Number(row.count);
  const total = Object.values(status).reduce((sum, count) => sum + count, 0);
  const [lt5m, lt30m, lt1h, lt12h, lt24h] = [bands.lt5m, bands.lt30m, bands.lt1h, bands.lt12h, bands.lt24h].map(
    (count) => Number(count ?? 0),
  ) as [number, number, number, number, number];
  return {
    total,
    status,
    telegrafVersion: byVersion
      .map((row) => ({ version: row.version, count: Number(row.count) }))
      .sort((a, b) => b.count - a.count || (a.version ?? '').localeCompare(b.version ?? ''))
      .slice(0, 1000),
    lastReported: {
      lt5m,
      lt30m: lt30m - lt5m,
      lt1h: lt1h - lt30m,
      lt12h: lt12h - lt1h,
      lt24h: lt24h - lt12h,
      older: total - lt24h,
    },
  };
}

/**
 * The agents the heartbeats created: read, filtered, summarised; deleted and given rules or labels by people.
 * Only the heartbeat buffer writes what agents report.
 */

export function createAgentsService(
  db: Kysely<Database>,
  deps: {
    engine: Engine;
    aliases: AliasesService;
    heartbeats: HeartbeatsService;
    counts: AgentCounts;
    audit: AuditLog;
    settings: SettingsService;
  },
): AgentsService {
  const duplicateWindowMs = async () => (await deps.settings.get()).duplicateWindowMinutes * 60_000;
  /** Measured to now when it is used: a filter holds no time, so its counts can be reused. */
  const driftRule = async (): Promise<DriftRule> => ({
    defaultGraceMs: (await deps.settings.get()).outdatedGraceMinutes * 60_000,
  });
  /**
   * The Outdated filter, with the Outdated agents listed when they are few: worked out at most once per the counts'
   * max age, as the list totals are (confirming each candidate costs tens of milliseconds over a large fleet).
   */
  const outdatedFilter = async (): Promise<OutdatedFilter> => {
    const rule = await driftRule();
    const agentIds = await deps.counts.get(`outdated ${JSON.stringify(rule)}`, () =>
      outdatedAgentIds(db, deps.engine, rule),
    );
    return { rule, agentIds };
  };
  /** The served links of some agents, or of one configuration. */
  const linksOf = async (scope: LinkScope) => servedLinkRows(db, deps.engine, await driftRule(), scope);
  /** The flags of a page's rows: Outdated and Incompatible come with the rows of a list, or are read for one agent. */
  const flagContext = async (
    agentIds: readonly string[],
    listed?: ReadonlyArray<{ id: string; flagOutdated: number | string; flagIncompatible: number | string }>,
  ): Promise<FlagContext> => ({
    windowMs: await duplicateWindowMs(),
    thresholds: await flagThresholds(db),
    outdated: new Set(
      listed === undefined
        ? (await linksOf({ agentIds })).filter((link) => Number(link.outdated) === 1).map((link) => link.agentId)
        : listed.filter((row) => Number(row.flagOutdated) === 1).map((row) => row.id),
    ),
    incompatible:
      listed === undefined
        ? await incompatibleAmong(db, agentIds)
        : new Set(listed.filter((row) => Number(row.flagIncompatible) === 1).map((row) => row.id)),
  });
  const load = async (id: string) => {
    const row = await findAgentRow(db, id);
    if (row === undefined) throw new AppError('not_found', 'No such agent');
    return row;
  };
  const filterOf = async (query: AgentFilterQuery): Promise<AgentFilter> => ({
    statuses: query.status === undefined ? [] : [query.status].flat(),
    configId: query.config === undefined ? undefined : await deps.aliases.resolveConfig(query.config),
    groupId: query.group === undefined ? undefined : await deps.aliases.resolveGroup(query.group),
    reportingRuleId: query.reportingRule,
    labelIds: query.label === undefined ? [] : [query.label].flat(),
    version: query.version,
    search: query.search?.trim() || undefined,
    duplicate:
      query.duplicate === undefined ? undefined : { flagged: query.duplicate, windowMs: await duplicateWindowMs() },
    tokenId: query.token,
    flag: query.flag === 'silent' || query.flag === 'degrading' ? query.flag : undefined,
    outdated: query.flag === 'outdated' ? await outdatedFilter() : undefined,
    incompatible: query.flag === 'incompatible' || undefined,
    errorPatternId: query.errorPattern,
  });
  /** People's deletions: one entry per request, with the count and the first ids. */
  const remove = async (ids: readonly string[], by: ReturnType<typeof performedBy>) => {
    const deleted = await db.transaction().execute(async (trx) => {
      const gone = await deleteAgentRows(trx, ids);
      if (gone.length > 0) {
        await deps.audit.record(trx, {
          ...by,
          action: 'agent.delete',
          target: gone.length === 1 ? { type: 'agent', id: gone[0]!, name: null } : undefined,
          details: { count: gone.length, agents: gone.slice(0, ID_SAMPLE) },
        });
      }
      return gone;
    });
    deps.heartbeats.forget(deleted);
    deps.counts.clear();
    return deleted;
  };
  /** The summary of a filter, shared by the list's total and the fleet bar (see agent-counts.ts). */
  const summarize = (filter: AgentFilter) =>
    deps.counts.get(countsKey(filter), async () =>
      presentSummary(await summarizeAgents(db, deps.engine, filter, Date.now())),
    );

  return {
    async list({ limit = 50, cursor, sortBy = 'lastSeen', sortOrder, ...query }) {
      const filter = await filterOf(query);
      const columns = sortColumns(sortBy);
      const descending = (sortOrder ?? (sortBy === 'lastSeen' ? 'desc' : 'asc')) === 'desc';
      const after =
        cursor === undefined
          ? undefined
          : (decodeCursor(
              cursor,
              columns.length,
              columns.map((column) => (column === 'lastSeenAt' ? 'timestamp' : 'string')),
            ) as string[]);
      const rows = await listAgentRows(db, deps.engine, {
        ...filter,
        sort: sortBy,
        descending,
        after,
        limit: limit + 1,
        drift: await driftRule(),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const labels = await labelsOf(
        db,
        'agent',
        page.map((row) => row.id),
      );
      const context = await flagContext(
        page.map((row) => row.id),
        page,
      );
      return {
        items: page.map((row) => presentRow(row, context, labels.get(row.id))),
        nextCursor: rows.length > limit && last ? encodeCursor(columns.map((column) => last[column])) : null,
        total: (await summarize(filter)).total,
      };
    },

    async summary(query) {
      const filter = await filterOf(query);
      const flags = await deps.counts.get(`flags ${countsKey(filter)}`, async () =>
        flagCounts(db, deps.engine, filter, filter.outdated ?? (await outdatedFilter())),
      );
      return { ...(await summarize(filter)), ...flags };
    },

    async get(id) {
      const row = await load(id);
      const labels = (await labelsOf(db, 'agent', [row.id])).get(row.id);
      const links = await linkRows(db, row.id);
      const runs = await linksOf({ agentId: row.id });
      const facts = await configFacts(
        db,
        runs.map((run) => run.configId),
      );
      const token =
        row.tokenId === null || row.tokenSeenAt === null
          ? null
          : {
              id: row.tokenId,
              name: (await findTokenName(db, row.tokenId)) ?? null,
              lastUsedAt: new Date(row.tokenSeenAt).toISOString(),
            };
      return {
        token,
        ...presentRow(row, await flagContext([row.id]), labels),
        configs: links.map((link) => ({
          kind: link.kind,
          source: link.source,
          ...(link.configId !== null ? { configId: link.configId } : {}),
          ...(link.configName !== null ? { configName: link.configName } : {}),
          ...(link.groupId !== null ? { groupId: link.groupId } : {}),
          ...(link.groupName !== null ? { groupName: link.groupName } : {}),
          ...(link.version !== null ? { version: link.version } : {}),
          runs: runs
            .filter((run) => Number(run.linkPosition) === link.position)
            .map((run) => presentRun(run, facts, row.version)),
        })),
      };
    },

    async remove(actor, id, origin) {
      await remove([(await load(id)).id], performedBy(actor, origin));
    },

    async removeMany(actor, ids, origin) {
      const deleted = await remove(ids, performedBy(actor, origin));
      return { changed: deleted, missing: ids.filter((id) => !deleted.includes(id)) };
    },

    async assignRule(actor, ids, reportingRuleId, origin) {
      if (!(await reportingRuleExists(db, reportingRuleId))) {
        throw new AppError('validation_failed', `No reporting rule ${reportingRuleId}`, {
          errors: [{ pointer: '/reportingRuleId', message: 'is not a reporting rule' }],
        });
      }
      const changed = await db.transaction().execute(async (trx) => {
        const done = await setReportingRule(trx, ids, reportingRuleId);
        await deps.audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'agent.rule_assign',
          target: { type: 'reporting_rule', id: reportingRuleId, name: null },
          details: { count: done.length, agents: done.slice(0, ID_SAMPLE) },
        });
        return done;
      });
      deps.counts.clear();
      return { changed, missing: ids.filter((id) => !changed.includes(id)) };
    },

    async latestHeartbeat(id) {
      const row = await load(id);
      const details = await findDetailsRow(db, row.id);
      const logs = details?.logs ? (JSON.parse(details.logs) as StoredLog[]) : [];
      return {
        receivedAt: row.lastSeenAt,
        status: row.reportedStatus,
        version: row.version,
        statistics: statistics(row),
        configurations: details?.configurations ? (JSON.parse(details.configurations) as string[]) : null,
        reportedLogCount: details?.logsReported ?? 0,
        storedLogCount: logs.length,
        logs,
        lastSuccessAt: details?.lastFailureAt ?? null,
      };
    },

    async versionsOf(config) {
      const configId = await deps.aliases.resolveConfig(config);
      const counts = await configVersionCounts(db, deps.engine, configId, await driftRule());
      if (counts === undefined) throw new AppError('not_found', 'No such configuration');
      const byVersion = new Map<number | null, ConfigAgentVersions['versions'][number]>();
      for (const row of counts.versions) {
        const version = row.version === null ? null : Number(row.version);
        const entry = byVersion.get(version) ?? { version, agents: 0, exact: 0, inferred: 0, unknown: 0, outdated: 0 };
        entry.agents += Number(row.agents);
        entry[row.basis] += Number(row.agents);
        entry.outdated += Number(row.outdated);
        byVersion.set(version, entry);
      }
      return {
        configId,
        latestVersion: counts.latestVersion,
        versions: [...byVersion.values()].sort((a, b) => (b.version ?? 0) - (a.version ?? 0)),
        anonymousFetches: counts.anonymous
          .map((row) => ({ version: row.version, urls: Number(row.urls) }))
          .sort((a, b) => b.version - a.version),
      };
    },

    async statistics(id, { from, to, limit = 200 }) {
      const row = await load(id);
      const now = Date.now();
      const rows = await statisticsRows(
        db,
        row.id,
        new Date(from ?? now - DAY_MS).toISOString(),
        new Date(to ?? now).toISOString(),
        limit,
      );
      return rows.reverse().map((r) => ({
        timestamp: Date.parse(r.at),
        errors: Number(r.errors),
        warnings: Number(r.warnings),
        metrics: Number(r.metrics),
      }));
    },
  };
}
