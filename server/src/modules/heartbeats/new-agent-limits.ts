import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { agentExists, countAgents } from './heartbeats.repo.js';

export interface NewAgentLimitSettings {
  /** At most this many agents in all; heartbeats of further new agents are refused. */
  maxAgents: number | undefined;
  /** At most this many new agent ids per caller (token) per minute. */
  maxNewAgentsPerMinute: number | undefined;
}

export interface NewAgentLimits {
  /** Undefined when the agent may be taken in; else the refusal. Known agents are answered from memory. */
  check(agentId: string, caller: string, now?: number): Promise<AppError | undefined> | undefined;
  /** Agents were deleted: their next heartbeat counts as new again. */
  forget(agentIds: readonly string[]): void;
  clear(): void;
}

const WINDOW_MS = 60_000;
/** How long a count of all agents is trusted before it is read again (new agents are added to it meanwhile). */
const TOTAL_TTL_MS = 10_000;

/**
 * Caps that keep one leaked agent token from filling the database with made-up agents (both optional, off by
 * default). Only an id this controller has not seen costs anything: one indexed lookup, and when it is new, the
 * caller's count for the current minute and the fleet's total.
 */
export function createNewAgentLimits(
  db: Kysely<Database>,
  { maxAgents, maxNewAgentsPerMinute }: NewAgentLimitSettings,
): NewAgentLimits | undefined {
  if (maxAgents === undefined && maxNewAgentsPerMinute === undefined) return undefined;
  const known = new Set<string>();
  const windows = new Map<string, { start: number; count: number }>();
  let total: { count: number; readAt: number } | undefined;

  const totalNow = async (now: number) => {
    if (total === undefined || now - total.readAt > TOTAL_TTL_MS) total = { count: await countAgents(db), readAt: now };
    return total;
  };

  const admitNew = async (agentId: string, caller: string, now: number): Promise<AppError | undefined> => {
    if (await agentExists(db, agentId)) {
      known.add(agentId);
      return undefined;
    }
    let window = windows.get(caller);
    if (window === undefined || now - window.start >= WINDOW_MS) {
      if (windows.size > 10_000) for (const [key, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(key);
      window = { start: now, count: 0 };
      windows.set(caller, window);
    }
    if (maxNewAgentsPerMinute !== undefined && window.count >= maxNewAgentsPerMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
      return new AppError(
        'rate_limited',
        `This credential brought ${maxNewAgentsPerMinute} new agents within a minute, the most allowed; retry in ${retryAfter} s`,
        { retryAfter },
      );
    }
    if (maxAgents !== undefined) {
      const fleet = await totalNow(now);
      if (fleet.count >= maxAgents) {
        return new AppError(
          'agent_limit',
          `The controller holds its maximum of ${maxAgents} agents; delete agents to make room for new ones`,
          { retryAfter: 60 },
        );
      }
      fleet.count += 1;
    }
    window.count += 1;
    known.add(agentId);
    return undefined;
  };

  return {
    check(agentId, caller, now = Date.now()) {
      if (known.has(agentId)) return undefined;
      // A database that cannot say whether the agent is new gets the answer a full buffer gets: try again later.
      return admitNew(agentId, caller, now).catch(
        () =>
          new AppError('not_ready', 'The controller cannot reach its database; send again later', { retryAfter: 5 }),
      );
    },
    forget(agentIds) {
      for (const id of agentIds) known.delete(id);
      total = undefined;
    },
    clear() {
      known.clear();
      total = undefined;
    },
  };
}
