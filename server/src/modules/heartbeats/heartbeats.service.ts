import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connect.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import type { Identity } from '../../http/access.js';
import { plainAddress } from '../../http/client-address.js';
import { AppError } from '../../http/errors.js';
import { servedStamp, sourceDigest } from '../configs/served-versions.js';
import { linkSources } from './config-sources.js';
import { createSeenMessages, patternsOf } from './error-patterns.js';
import { upsertPatterns, upsertSightings } from './error-patterns.repo.js';
import { createHeartbeatBuffer, type BatchWriter, type HeartbeatBufferOptions } from './heartbeat-buffer.js';
import { planFlush, type Written } from './heartbeat-flush-plan.js';
import { HeartbeatError, parseHeartbeat, type Heartbeat } from './heartbeat-message.js';
import { databaseAnswers, insertStatistics, replaceLinks, upsertAgents, upsertDetails } from './heartbeats.repo.js';
import { createNewAgentLimits, type NewAgentLimitSettings } from './new-agent-limits.js';

export interface HeartbeatsSettings extends HeartbeatBufferOptions, Partial<NewAgentLimitSettings> {
  /**
   * Called after a write that added agents or changed what fleet counts group or filter by (reported status,
   * version, hostname, config sources), as far as this process wrote them before.
   */
  onFleetChanged?: () => void;
  /** The client's address as the listener sees it (the peer, or what trusted proxies say). */
  clientIp?: (request: IncomingMessage) => string | null;
}

export type HeartbeatOutcome = 'accepted' | 'invalid' | 'limited' | 'buffer_full';

export interface HeartbeatsService {
  /**
   * Admits a parsed body from `caller` (null when the heartbeat group is opened to anyone): checked against schema
   * 1, held to the new-agent limits, and kept in the write-behind buffer. Throws (or rejects with) the `AppError` to
   * answer; a refused heartbeat changes nothing. Returns a promise only when a new agent had to be looked up.
   */
  admit(body: unknown, request: IncomingMessage, caller: Identity | null): void | Promise<void>;
  /** Keeps an admitted heartbeat, received at `at` (the last one per agent wins); false when the buffer is full. */
  accept(heartbeat: Heartbeat, ip: string | null, at?: number, tokenId?: string | null): boolean;
  /** Writes what is waiting now; resolves when it is in the database. */
  flush(): Promise<void>;
  /**
   * Agents deleted (by people or a status pass): their next heartbeat writes their details and config links again.
   * Other controllers on the same database hear of it from the database (`db/cache-sync.ts`) and `forgetAll()`.
   */
  forget(agentIds: readonly string[]): void;
  /** Forgets what was written of every agent: agents were deleted through another controller. */
  forgetAll(): void;
  /** True while writes succeed (or nothing had to be written). */
  healthy(): boolean;
  pending(): number;
  /** Heartbeats taken in since start, and those refused, by reason (for /metrics). */
  outcomes(): Readonly<Record<HeartbeatOutcome, number>>;
  /** Heartbeats dropped because the database refused them, since start. */
  dropped(): number;
  /** Stops the timer and writes everything still waiting. */
  stop(): Promise<void>;
}

/** A body that is not JSON is a bad heartbeat too, in the same words as any other. */
export function parseHeartbeatJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('invalid_heartbeat', 'The body is not valid JSON', {
      errors: [{ pointer: '', message: 'must be a JSON document' }],
    });
  }
}

const peer = (request: IncomingMessage) => request.socket.remoteAddress ?? null;

/**
 * Heartbeats from admission to the database: the rules both the early answer and the route apply, and the batch
 * writer behind the buffer (one transaction per batch, rows planned by `planFlush`, written by `database.write`:
 * on a SQLite file, by the writer thread).
 */
export function createHeartbeatsService(
  database: DatabaseHandle,
  logger: Logger,
  {
    onFleetChanged = () => undefined,
    clientIp = peer,
    maxAgents,
    maxNewAgentsPerMinute,
    ...timing
  }: HeartbeatsSettings,
): HeartbeatsService {
  const { db, engine } = database;
  /** What was last written of each agent's bulky data, to skip rewriting it. */
  const written = new Map<string, Written>();
  /** Moves on whenever agents are forgotten: a write that began before does not remember what it wrote. */
  let generation = 0;
  const limits = createNewAgentLimits(db, { maxAgents, maxNewAgentsPerMinute });
  const seenMessages = createSeenMessages();

  const writer: BatchWriter = {
    async write(batch) {
      const since = generation;
      const plan = await planFlush(batch, (id) => written.get(id), servedStamp);
      const linkOf = await linkSources(db, [...plan.sources.values()].flat());
      const links = [...plan.sources].flatMap(([agentId, list]) =>
        list.map((source, position) => {
          const link = linkOf.get(source)!;
          const digest = link.kind === 'managed' ? sourceDigest(source) : null;
          return { agentId, position, source, ...link, sourceDigest: digest };
        }),
      );
      const { patterns, sightings } = patternsOf(
        plan.details.flatMap(({ agentId, logs, at }) => (logs === null ? [] : [{ agentId, logs, at }])),
        seenMessages,
      );
      const statements = [
        upsertAgents(db, engine, plan.agents),
        insertStatistics(db, engine, plan.agents),
        upsertDetails(db, engine, plan.details),
        ...replaceLinks(db, engine, [...plan.sources.keys()], links),
        upsertPatterns(db, engine, patterns),
        upsertSightings(db, engine, sightings),
      ];
      await database.write(statements.filter((statement) => statement !== undefined));
      if (since === generation) for (const [id, value] of plan.remembered) written.set(id, value);
      if (plan.fleetChanged) onFleetChanged();
      return plan.dropped;
    },
    reachable: async (error) => !isDatabaseUnavailable(error) && (await databaseAnswers(db)),
  };
  const buffer = createHeartbeatBuffer(writer, logger, timing);

  /** The agent's address: the `Telegraf-Agent-IP` header when it holds an IP address, else the client's. */
  const agentIp = (request: IncomingMessage): string | null => {
    const header = request.headers['telegraf-agent-ip'];
    const claimed = (Array.isArray(header) ? header[0] : header)?.trim();
    if (claimed && isIP(claimed)) return claimed;
    return plainAddress(clientIp(request));
  };

  const outcomes: Record<HeartbeatOutcome, number> = { accepted: 0, invalid: 0, limited: 0, buffer_full: 0 };
  const keep = (heartbeat: Heartbeat, request: IncomingMessage, tokenId: string | null) => {
    if (buffer.accept(heartbeat.id, { heartbeat, ip: agentIp(request), at: Date.now(), tokenId })) {
      outcomes.accepted += 1;
    } else {
      outcomes.buffer_full += 1;
      throw new AppError('not_ready', 'The controller is catching up with its database; send again later', {
        retryAfter: 5,
      });
    }
  };

  return {
    admit(body, request, caller) {
      let heartbeat: Heartbeat;
      try {
        heartbeat = parseHeartbeat(body);
      } catch (error) {
        if (!(error instanceof HeartbeatError)) throw error;
        outcomes.invalid += 1;
        throw new AppError('invalid_heartbeat', `${error.pointer || '(the body)'} ${error.rule}`, {
          errors: [{ pointer: error.pointer, message: error.rule }],
        });
      }
      const key = caller?.token?.id ?? caller?.userId ?? `ip:${clientIp(request) ?? ''}`;
      const limited = limits?.check(heartbeat.id, key);
      const tokenId = caller?.token?.id ?? null;
      if (limited === undefined) return keep(heartbeat, request, tokenId);
      return limited.then((refusal) => {
        if (refusal !== undefined) {
          outcomes.limited += 1;
          throw refusal;
        }
        keep(heartbeat, request, tokenId);
      });
    },
    accept: (heartbeat, ip, at = Date.now(), tokenId = null) =>
      buffer.accept(heartbeat.id, { heartbeat, ip, at, tokenId }),
    flush: buffer.flush,
    forget(agentIds) {
      if (agentIds.length === 0) return;
      generation += 1;
      for (const id of agentIds) written.delete(id);
      limits?.forget(agentIds);
    },
    forgetAll() {
      generation += 1;
      written.clear();
      limits?.clear();
    },
    healthy: buffer.healthy,
    pending: buffer.pending,
    outcomes: () => outcomes,
    dropped: buffer.dropped,
    stop: buffer.stop,
  };
}
