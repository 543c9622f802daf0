import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditForwarders } from '@telegraf-controller/contract/audit';
import type { Database } from '../../db/schema.js';
import type { Leadership } from '../leadership/leadership.js';
import type { AuditForwarder } from './audit-forwarder.js';
import { forwardingRows, markFailing, markSent, registerForwarders } from './audit-forwarding.repo.js';
import { chainHead, entriesAfter } from './audit.repo.js';
import { presentEntry } from './audit.service.js';

/** Entries read and sent at once. */
const BATCH = 100;
/** How long stopping waits for a send in flight (a webhook attempt, a connection) before it closes anyway. */
const STOP_WAIT_MS = 5_000;

export interface AuditForwarding {
  /** Places a destination configured for the first time at the chain's head, then drains on the leader. */
  start(): Promise<void>;
  /** Each configured destination and how far it has got. */
  status(): Promise<AuditForwarders>;
  /** The last `seq` every configured destination has taken: retention keeps what follows. Undefined: none. */
  sentThrough(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * The audit log is the outbox (ADR 25): the leader sends each destination the entries after its place, in `seq`
 * order, with the chain's head, and moves its place on only after the destination took them. Each destination has
 * its own loop: one that fails waits alone, doubling from `intervalMs` up to `backoffMaxMs`, and the others go on.
 * A new leader starts where the last one's places are, so a node loss or a receiver outage loses nothing (a
 * destination may get an entry twice). The place is kept per kind, so a destination moved or fixed (a new URL, a
 * new host) goes on from where the old one stopped.
 */
export function createAuditForwarding(
  db: Kysely<Database>,
  forwarders: readonly AuditForwarder[],
  {
    leadership,
    intervalMs,
    backoffMaxMs,
    logger,
  }: { leadership: Leadership; intervalMs: number; backoffMaxMs: number; logger: Logger },
): AuditForwarding {
  const kinds = forwarders.map((forwarder) => forwarder.kind);
  const stopping = new AbortController();
  const proceed = () => !stopping.signal.aborted && leadership.isLeader();

  /** Sends what is waiting; resolves to whether the destination failed. */
  const drain = async (forwarder: AuditForwarder, failing: boolean): Promise<boolean> => {
    const log = { forwarder: forwarder.kind, destination: forwarder.destination };
    for (;;) {
      if (!proceed()) return failing;
      const [place] = await forwardingRows(db, [forwarder.kind]);
      const head = await chainHead(db);
      const after = Number(place?.sentSeq ?? head.seq);
      const rows = await entriesAfter(db, after, BATCH, head.seq);
      if (rows.length === 0) return false;
      const first = Number(rows[0]!.seq);
      if (first !== after + 1) {
        logger.warn({ ...log, missing: { from: after + 1, to: first - 1 } }, 'audit entries gone before forwarded');
      }
      const entries = rows.map((row) => ({ ...presentEntry(row), chainHead: head }));
      const result = await forwarder.send(entries, { signal: stopping.signal, proceed });
      for (const { seq, reason } of result.refused ?? []) {
        logger.error({ ...log, seq, reason }, 'the destination refused an audit entry; it is skipped');
      }
      const now = new Date().toISOString();
      if (result.sent > 0) await markSent(db, forwarder.kind, entries[result.sent - 1]!.seq, now);
      if (result.error !== undefined) {
        if (!failing) logger.error({ ...log, error: result.error }, 'audit forwarding failed; it is retried');
        await markFailing(db, forwarder.kind, result.error.slice(0, 512), now);
        return true;
      }
      if (failing) logger.info({ ...log, head }, 'audit forwarding resumed');
      failing = false;
      if (result.sent < entries.length) return false;
    }
  };

  const loops: Array<Promise<void>> = [];
  const timers = new Set<NodeJS.Timeout>();
  /** A timer that stopping ends at once (`stop` clears every timer and aborts, which settles every wait). */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        waiting.delete(resolve);
        resolve();
      }, ms);
      timer.unref();
      timers.add(timer);
      waiting.add(resolve);
    });
  const waiting = new Set<() => void>();
  const run = async (forwarder: AuditForwarder) => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      await wait(failures === 0 ? intervalMs : Math.min(intervalMs * 2 ** failures, backoffMaxMs));
      try {
        failures = (await drain(forwarder, failures > 0)) ? failures + 1 : 0;
      } catch (error) {
        if (!stopping.signal.aborted)
          logger.warn({ err: error, forwarder: forwarder.kind }, 'audit forwarding round failed');
        failures += 1;
      }
    }
  };

  return {
    async start() {
      await registerForwarders(db, kinds);
      for (const forwarder of forwarders) {
        logger.info({ forwarder: forwarder.kind, destination: forwarder.destination }, 'audit entries are forwarded');
        loops.push(run(forwarder));
      }
    },
    async status() {
      const [rows, head] = await Promise.all([forwardingRows(db, kinds), chainHead(db)]);
      return {
        items: forwarders.map((forwarder) => {
          const row = rows.find((candidate) => candidate.name === forwarder.kind);
          const sentSeq = Number(row?.sentSeq ?? head.seq);
          return {
            kind: forwarder.kind,
            destination: forwarder.destination,
            sentSeq,
            pending: Math.max(head.seq - sentSeq, 0),
            sentAt: row?.sentAt ?? null,
            failingSince: row?.failingSince ?? null,
            lastError: row?.lastError ?? null,
          };
        }),
      };
    },
    async sentThrough() {
      const rows = await forwardingRows(db, kinds);
      return rows.length === 0 ? undefined : Math.min(...rows.map((row) => Number(row.sentSeq)));
    },
    async stop() {
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      for (const resolve of waiting) resolve();
      // A send in flight is told to stop; one that does not within the wait is left behind, never waited on.
      let late: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(loops),
        new Promise((resolve) => {
          late = setTimeout(resolve, STOP_WAIT_MS);
          late.unref();
        }),
      ]);
      clearTimeout(late);
      await Promise.all(forwarders.map((forwarder) => forwarder.close().catch(() => undefined)));
    },
  };
}
