import { hash } from 'node:crypto';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import { linkSources } from './config-sources.js';
import { boundLogs } from './heartbeat-logs.js';
import type { Heartbeat } from './heartbeat-message.js';
import {
  insertStatistics,
  replaceLinks,
  upsertAgents,
  upsertDetails,
  type AgentWrite,
  type DetailsWrite,
  type LinkWrite,
} from './heartbeat-writes.js';

export interface HeartbeatBufferOptions {
  /** At least this often the buffer is written (decision 28: 250 ms). */
  flushIntervalMs?: number;
  /** A batch this large is written at once, without waiting for the timer. */
  maxBatch?: number;
  /** Beyond this many agents waiting (the database is down or slow), heartbeats are refused with 503. */
  maxPending?: number;
  /**
   * Called after a write that added agents or changed what fleet counts group or filter by (reported status,
   * version, hostname, config sources), as far as this process wrote them before.
   */
  onFleetChanged?: () => void;
}

interface Written {
  details: string;
  sources: string;
  /** What fleet counts group or filter by: reported status, version, hostname (and the sources above). */
  counted: string;
}

interface Pending {
  heartbeat: Heartbeat;
  ip: string | null;
  at: number;
}

export interface HeartbeatBuffer {
  /** Keeps the heartbeat (the last one per agent wins); false when the buffer is full. */
  accept(heartbeat: Heartbeat, ip: string | null, at?: number): boolean;
  /** Writes what is waiting now; resolves when it is in the database. */
  flush(): Promise<void>;
  /**
   * Agents deleted (by people or a status pass): their next heartbeat writes their details and config links again.
   * Other controllers on the same database hear of it (`db/cache-sync.ts`) and forget every agent's.
   */
  forget(agentIds: readonly string[]): void;
  /** Forgets what was written of every agent: agents were deleted through another controller. */
  clearLocal(): void;
  onInvalidate(listener: () => void): void;
  /** True while writes succeed (or nothing had to be written). */
  healthy(): boolean;
  pending(): number;
  /** Stops the timer and writes everything still waiting. */
  stop(): Promise<void>;
}

const digest = (value: unknown) => hash('sha1', JSON.stringify(value), 'base64');

/**
 * The write-behind buffer between the heartbeat listener and the database: answering an agent never waits for a
 * write. Every flush is one transaction: agents upserted in one statement, statistics appended, and config
 * sources and logs written only for the agents whose report of them changed.
 */
export function createHeartbeatBuffer(
  database: DatabaseHandle,
  logger: Logger,
  {
    flushIntervalMs = 250,
    maxBatch = 5000,
    maxPending = 200_000,
    onFleetChanged = () => undefined,
  }: HeartbeatBufferOptions = {},
): HeartbeatBuffer {
  const { db, engine } = database;
  let waiting = new Map<string, Pending>();
  /** What was last written of each agent's bulky data, to skip rewriting it. */
  const written = new Map<string, Written>();
  const listeners: Array<() => void> = [];
  /** Moves on whenever agents are forgotten: a write that began before does not remember what it wrote. */
  let generation = 0;
  let running: Promise<void> | undefined;
  let ok = true;
  let stopped = false;

  const write = async (batch: Map<string, Pending>) => {
    const since = generation;
    const agents: AgentWrite[] = [];
    const details: DetailsWrite[] = [];
    const relinked: string[] = [];
    const sources = new Map<string, string[]>();
    const remembered = new Map<string, Written>();
    let fleetChanged = false;
    for (const [id, { heartbeat, ip, at }] of batch) {
      const iso = new Date(at).toISOString();
      const stats = heartbeat.statistics;
      agents.push({
        id,
        hostname: heartbeat.hostname ?? null,
        ip,
        version: heartbeat.version,
        reportedStatus: heartbeat.status ?? 'undefined',
        at: iso,
        errors: stats?.errors ?? null,
        warnings: stats?.warnings ?? null,
        metrics: stats?.metrics ?? null,
      });
      const logs = heartbeat.logs === undefined ? null : boundLogs(heartbeat.logs);
      const configurations = heartbeat.configurations ?? null;
      const lastFailureAt = heartbeat.last === undefined ? null : new Date(heartbeat.last * 1000).toISOString();
      const previous = written.get(id);
      const next = {
        details: digest([configurations, logs, heartbeat.logs?.length, lastFailureAt]),
        sources: digest(configurations),
        counted: `${heartbeat.status ?? 'undefined'} ${heartbeat.version} ${heartbeat.hostname ?? ''}`,
      };
      const countedChanged = previous?.counted !== next.counted || previous.sources !== next.sources;
      if (countedChanged) fleetChanged = true;
      if (previous?.details !== next.details) {
        details.push({
          agentId: id,
          configurations,
          logs,
          logsReported: heartbeat.logs?.length ?? 0,
          lastFailureAt,
          at: iso,
        });
      }
      if (previous?.sources !== next.sources) {
        relinked.push(id);
        sources.set(id, configurations ?? []);
      }
      // An agent reporting the same as before keeps its entry: entries live for a whole lap of the fleet, and
      // replacing each on every heartbeat would fill the old generation with garbage for the collector.
      if (countedChanged || previous.details !== next.details) remembered.set(id, next);
    }
    const linkOf = await linkSources(db, [...sources.values()].flat());
    const links: LinkWrite[] = [...sources].flatMap(([agentId, list]) =>
      list.map((source, position) => ({ agentId, position, source, ...linkOf.get(source)! })),
    );
    await db.transaction().execute(async (trx) => {
      await upsertAgents(trx, engine, agents);
      await insertStatistics(trx, engine, agents);
      await upsertDetails(trx, engine, details);
      await replaceLinks(trx, engine, relinked, links);
    });
    if (since === generation) for (const [id, value] of remembered) written.set(id, value);
    if (fleetChanged) onFleetChanged();
  };

  const flush = (): Promise<void> => {
    if (running) return running.then(() => (waiting.size > 0 ? flush() : undefined));
    if (waiting.size === 0) return Promise.resolve();
    const batch = new Map<string, Pending>();
    for (const [id, entry] of waiting) {
      batch.set(id, entry);
      if (batch.size === maxBatch) break;
    }
    for (const id of batch.keys()) waiting.delete(id);
    running = write(batch)
      .then(() => {
        ok = true;
      })
      .catch((error: unknown) => {
        ok = false;
        logger.error({ err: error, agents: batch.size }, 'writing heartbeats failed; they stay buffered');
        // Put the batch back unless a newer heartbeat of the same agent arrived meanwhile.
        const merged = new Map(batch);
        for (const [id, entry] of waiting) merged.set(id, entry);
        waiting = merged;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!running && waiting.size > 0) void flush();
  }, flushIntervalMs);
  timer.unref();

  return {
    accept(heartbeat, ip, at = Date.now()) {
      if (stopped || (waiting.size >= maxPending && !waiting.has(heartbeat.id))) return false;
      waiting.set(heartbeat.id, { heartbeat, ip, at });
      if (waiting.size >= maxBatch && !running) void flush();
      return true;
    },
    flush,
    forget(agentIds) {
      if (agentIds.length === 0) return;
      generation += 1;
      for (const id of agentIds) written.delete(id);
      for (const listener of listeners) listener();
    },
    clearLocal() {
      generation += 1;
      written.clear();
    },
    onInvalidate(listener) {
      listeners.push(listener);
    },
    healthy: () => ok,
    pending: () => waiting.size,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // Keep writing until everything acknowledged is stored, or a write fails (logged above).
      while (waiting.size > 0 || running) {
        await flush();
        if (!ok) break;
      }
    },
  };
}
