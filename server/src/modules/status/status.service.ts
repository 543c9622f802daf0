import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Leadership } from '../leadership/leadership.js';
import { pingDatabase } from './status.repo.js';

const PING_TIMEOUT_MS = 2_000;

/** What the status passes of this controller have done lately (the scheduler reports each tick it ran). */
export interface PassRecord {
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface StatusService {
  isReady(): Promise<boolean>;
  isLeader(): boolean;
  /** This node's name, as `leaderNode` names the leader. */
  readonly node: string;
  /** The node that holds the leader lock now, or null (see `Leadership.leader`). */
  leaderNode(): Promise<string | null>;
  /** The scheduler reports a pass it ran: `error` when it failed. */
  recordPass(at: Date, error?: unknown): void;
  passes(): PassRecord;
}

/**
 * Ready = the database answers a ping and takes writes: `writesSucceed` is false while heartbeat batches fail (the
 * database is down, SQLite's disk is full or failing), so load balancers turn away until writes succeed again.
 */
export function createStatusService(
  db: Kysely<Database>,
  leadership: Leadership,
  writesSucceed: () => boolean = () => true,
): StatusService {
  const record: PassRecord = { lastRunAt: null, lastSuccessAt: null, lastError: null };
  return {
    async isReady() {
      if (!writesSucceed()) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        return await Promise.race([pingDatabase(db).then(() => true), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    isLeader: () => leadership.isLeader(),
    node: leadership.node,
    leaderNode: () => leadership.leader(),
    recordPass(at, error) {
      record.lastRunAt = at.toISOString();
      if (error === undefined) {
        record.lastSuccessAt = record.lastRunAt;
        record.lastError = null;
      } else {
        record.lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      }
    },
    passes: () => ({ ...record }),
  };
}
