import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type {
  AuditEntry,
  AuditLoggerList,
  AuditLoggerQuery,
  AuditPage,
  AuditQuery,
  AuditVerification,
  ChainHead,
} from '@telegraf-controller/contract/audit';
import type { AuditActorType, AuditLogTable, AuditOutcome, Database } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { toStorable } from '../../lib/text.js';
import { canonicalJson } from './audit-chain.js';
import {
  appendEntry,
  chainHead,
  countEntries,
  pruneCut,
  listEntries,
  listEntriesAscending,
  pruneThrough,
} from './audit.repo.js';
import { verifyChain } from './audit-verify.js';

export interface AuditActor {
  type: AuditActorType;
  id: string | null;
  name: string | null;
  tokenOwnerId?: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, name: null };

/** Who made a request: a token's call names the token and its owner. */
export function auditActorOf(identity: Identity | null): AuditActor {
  if (identity === null) return { type: 'user', id: null, name: null };
  if (identity.token) {
    return { type: 'token', id: identity.token.id, name: identity.token.name, tokenOwnerId: identity.userId };
  }
  return { type: 'user', id: identity.userId, name: identity.username };
}

/** What one entry records; `outcome` is success unless said. */
export interface AuditEvent {
  action: string;
  outcome?: AuditOutcome;
  actor: AuditActor;
  target?: { type: string; id: string | null; name?: string | null };
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditLog {
  readonly enabled: boolean;
  /** In the caller's transaction: the change and its entry commit together, or neither (a failure here fails it). */
  record(trx: Transaction<Database>, event: AuditEvent): Promise<void>;
  /** In its own transaction, for what must go on whatever happens (failed sign-ins, denials, system events). */
  recordBestEffort(event: AuditEvent): Promise<void>;
  list(query: AuditQuery): Promise<AuditPage>;
  /** The reference's `GET /api/audit-logger`: oldest first, a page of at most 1,000. */
  listForReference(query: AuditLoggerQuery): Promise<AuditLoggerList>;
  verify(heads: readonly ChainHead[]): Promise<AuditVerification>;
  head(): Promise<ChainHead>;
  /**
   * Deletes entries older than the retention, after a checkpoint entry that names the last one deleted, so the
   * rest still verifies; never one after `sentThrough` (what a forwarder has still to send); answers how many went.
   */
  prune(retentionHours: number, now: number, sentThrough?: number): Promise<number>;
}

/** Entries one retention transaction deletes at most. */
const PRUNE_CHUNK = 5000;

/** A time as the `at` column holds it (UTC, milliseconds), so text comparison is time comparison. */
const instant = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

/** The most entries the reference's endpoint answers at once, whatever its `limit` asks. */
const REFERENCE_PAGE_CAP = 1000;

export function presentEntry(row: AuditLogTable): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    action: row.action,
    outcome: row.outcome,
    actor: { type: row.actorType, id: row.actorId, name: row.actorName, tokenOwnerId: row.tokenOwnerId },
    ip: row.ip,
    userAgent: row.userAgent,
    target: row.targetType === null ? null : { type: row.targetType, id: row.targetId, name: row.targetName },
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

const capitalized = <T extends string>(text: T) => (text.charAt(0).toUpperCase() + text.slice(1)) as Capitalize<T>;

export function createAuditLog(
  db: Kysely<Database>,
  { enabled, logger }: { enabled: boolean; logger: Logger },
): AuditLog {
  // Every text as both engines store it (no NUL, no half of a surrogate pair): it is hashed as stored.
  const text = (value: string | null | undefined, maxLength: number) =>
    value === null || value === undefined ? null : toStorable(value, maxLength);
  const append = (trx: Transaction<Database>, event: AuditEvent) =>
    appendEntry(trx, {
      action: toStorable(event.action, 64),
      outcome: event.outcome ?? 'success',
      actorType: event.actor.type,
      actorId: text(event.actor.id, 64),
      actorName: text(event.actor.name, 254),
      tokenOwnerId: text(event.actor.tokenOwnerId, 64),
      ip: text(event.ip, 64),
      userAgent: text(event.userAgent, 512),
      targetType: text(event.target?.type, 32),
      targetId: text(event.target?.id, 256),
      targetName: text(event.target?.name, 256),
      details: canonicalJson(event.details ?? {}),
    });

  return {
    enabled,
    async record(trx, event) {
      if (enabled) await append(trx, event);
    },
    async recordBestEffort(event) {
      if (!enabled) return;
      try {
        await db.transaction().execute((trx) => append(trx, event));
      } catch (error) {
        logger.error({ err: error, action: event.action }, 'an audit entry could not be written');
      }
    },
    async list({ limit = 50, cursor, from: given, to: until, actor, action, target, outcome }) {
      const [from, to] = [instant(given), instant(until)];
      const beforeSeq = cursor === undefined ? undefined : Number(decodeCursor(cursor, 1, ['integer'])[0]);
      const rows = await listEntries(db, {
        from,
        to,
        actorId: actor,
        action,
        targetId: target,
        outcome,
        beforeSeq,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const filters = { from, to, actorId: actor, action, targetId: target, outcome };
      return {
        items: page.map(presentEntry),
        nextCursor: rows.length > limit && last ? encodeCursor([Number(last.seq)]) : null,
        total: await countEntries(db, filters),
      };
    },
    async listForReference({ from, to, page = 1, limit = 9999 }) {
      const size = Math.min(limit, REFERENCE_PAGE_CAP);
      const range = { from: instant(from), to: instant(to) };
      const rows = await listEntriesAscending(db, { ...range, offset: (page - 1) * size, limit: size });
      return rows.map((row) => ({
        seq: Number(row.seq),
        timestamp: row.at,
        action: row.action,
        actorId: row.actorId,
        actorType: capitalized(row.actorType),
        ipAddress: row.ip,
        userAgent: row.userAgent,
        outcome: capitalized(row.outcome),
        hash: row.hash,
        prevHash: row.prevHash,
      }));
    },
    verify: (heads) => verifyChain(db, heads),
    head: () => chainHead(db),
    async prune(retentionHours, now, sentThrough) {
      if (retentionHours === 0) return 0;
      const cutoff = new Date(now - retentionHours * 3_600_000).toISOString();
      let pruned = 0;
      // In chunks, one transaction each: a backlog never holds the chain's lock (or a statement) for long.
      for (;;) {
        const chunk = await db.transaction().execute(async (trx) => {
          const last = await pruneCut(trx, { before: cutoff, limit: PRUNE_CHUNK, through: sentThrough });
          if (last === undefined) return 0;
          // In the same transaction: what remains starts with a link this entry vouches for.
          await append(trx, {
            action: 'audit.checkpoint',
            actor: SYSTEM_ACTOR,
            details: { reason: 'retention', throughSeq: Number(last.seq), throughHash: last.hash, retentionHours },
          });
          return pruneThrough(trx, Number(last.seq));
        });
        pruned += chunk;
        // A short chunk reached the cut-off (and a clock set far ahead never prunes its own checkpoints in a loop).
        if (chunk < PRUNE_CHUNK) break;
      }
      if (pruned > 0) logger.info({ auditHead: await chainHead(db), pruned }, 'audit entries past retention deleted');
      return pruned;
    },
  };
}
