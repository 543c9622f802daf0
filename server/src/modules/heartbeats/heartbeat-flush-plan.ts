import { hash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { telegrafVersionKey } from '../../lib/telegraf-version.js';
import { boundLogs } from './heartbeat-logs.js';
import type { Heartbeat } from './heartbeat-message.js';
import type { AgentWrite, DetailsWrite } from './heartbeats.repo.js';

/** One agent's waiting heartbeat: the last it sent, where from, and when it was taken in (epoch ms). */
export interface Pending {
  heartbeat: Heartbeat;
  ip: string | null;
  at: number;
  /** The API token the heartbeat came with (null: none, e.g. an opened heartbeat group). */
  tokenId?: string | null;
  /** Another hostname this id heartbeated with since the last write: two machines sharing the id, at once. */
  clash?: string;
}

/** What this process last wrote of an agent, to skip rewriting what did not change. */
export interface Written {
  details: string;
  sources: string;
  /** What fleet counts group or filter by: reported status, version, hostname (and the sources above). */
  counted: string;
}

export interface FlushPlan {
  /** Every agent row to upsert (one per agent), with its statistics. */
  agents: AgentWrite[];
  /** Config sources and logs of the agents whose report of them changed. */
  details: DetailsWrite[];
  /** The config sources to link, per agent whose sources changed (their old links are replaced). */
  sources: Map<string, string[]>;
  /** What to remember once the write is in the database. */
  remembered: Map<string, Written>;
  /** Whether anything fleet counts group or filter by changed (or an agent is new to this process). */
  fleetChanged: boolean;
  /** Entries that could not be turned into rows, with why: left out, never in the way of the others. */
  dropped: Array<{ agentId: string; error: unknown }>;
}

const digest = (value: unknown) => hash('sha1', JSON.stringify(value), 'base64');

/** Entries planned between two turns of the event loop (a few milliseconds of work). */
export const PLAN_SLICE = 1000;

/**
 * Turns a batch of waiting heartbeats into the rows of one write, given what was last written of each agent. No
 * clock, no database. An entry that cannot be prepared is listed in `dropped` and the others go on. The event loop
 * gets a turn after every `PLAN_SLICE` entries: a batch of a whole fleet's beats takes tens of milliseconds to plan,
 * which heartbeats arriving meanwhile would otherwise wait for.
 */
export async function planFlush(
  batch: ReadonlyMap<string, Pending>,
  previousOf: (agentId: string) => Written | undefined,
  /** What was last served at a source's URL: a change relinks the agent (the version it loaded moved). */
  servedAt: (source: string) => string = () => '',
): Promise<FlushPlan> {
  const plan = emptyPlan();
  let planned = 0;
  for (const [id, pending] of batch) {
    try {
      addEntry(plan, id, pending, previousOf(id), servedAt);
    } catch (error) {
      plan.dropped.push({ agentId: id, error });
    }
    planned += 1;
    if (planned % PLAN_SLICE === 0) await setImmediate();
  }
  return plan;
}

function emptyPlan(): FlushPlan {
  return { agents: [], details: [], sources: new Map(), remembered: new Map(), fleetChanged: false, dropped: [] };
}

function addEntry(
  plan: FlushPlan,
  id: string,
  { heartbeat, ip, at, tokenId = null, clash }: Pending,
  previous: Written | undefined,
  servedAt: (source: string) => string,
): void {
  const iso = new Date(at).toISOString();
  const stats = heartbeat.statistics;
  const logs = heartbeat.logs === undefined ? null : boundLogs(heartbeat.logs);
  const configurations = heartbeat.configurations ?? null;
  const lastFailureAt = heartbeat.last === undefined ? null : new Date(heartbeat.last * 1000).toISOString();
  const next: Written = {
    details: digest([configurations, logs, heartbeat.logs?.length, lastFailureAt]),
    sources: digest([configurations, configurations?.map(servedAt)]),
    counted: `${heartbeat.status ?? 'undefined'} ${heartbeat.version} ${heartbeat.hostname ?? ''}`,
  };
  // Everything above may throw; nothing is added to the plan until all of it is known.
  plan.agents.push({
    id,
    hostname: heartbeat.hostname ?? null,
    ip,
    version: heartbeat.version,
    versionKey: telegrafVersionKey(heartbeat.version) ?? null,
    reportedStatus: heartbeat.status ?? 'undefined',
    at: iso,
    errors: stats?.errors ?? null,
    warnings: stats?.warnings ?? null,
    metrics: stats?.metrics ?? null,
    tokenId,
    clashHostname: clash ?? null,
  });
  const countedChanged = previous?.counted !== next.counted || previous.sources !== next.sources;
  if (countedChanged) plan.fleetChanged = true;
  if (previous?.details !== next.details) {
    plan.details.push({
      agentId: id,
      configurations,
      logs,
      logsReported: heartbeat.logs?.length ?? 0,
      lastFailureAt,
      at: iso,
    });
  }
  if (previous?.sources !== next.sources) plan.sources.set(id, configurations ?? []);
  // An agent reporting the same as before keeps its entry: entries live for a whole lap of the fleet, and
  // replacing each on every heartbeat would fill the old generation with garbage for the collector.
  if (countedChanged || previous.details !== next.details) plan.remembered.set(id, next);
}
