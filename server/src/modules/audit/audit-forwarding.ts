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
 * order, with the chain's head, and moves its place on only after the destination took them. A destination that
 * fails is tried again after a wait that doubles from `intervalMs` up to `backoffMaxMs`; the others go on. A new
 * leader starts where the last one's places are, so a node loss or a receiver outage loses nothing (a destination
 * may get an entry twice).
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
  const names = forwarders.map((forwarder) => forwarder.name);
  const stopping = new AbortController();
  const waits = new Map<string, { failures: number; until: number }>();

  const drain = async (forwarder: AuditForwarder) => {
    let wait = waits.get(forwarder.name);
    if (wait !== undefined && Date.now() < wait.until) return;
    for (;;) {
      if (stopping.signal.aborted || !leadership.isLeader()) return;
      const [place] = await forwardingRows(db, [forwarder.name]);
      const head = await chainHead(db);
      const after = Number(place?.sentSeq ?? head.seq);
      const rows = await entriesAfter(db, after, BATCH, head.seq);
      if (rows.length === 0) return;
      const first = Number(rows[0]!.seq);
      if (first !== after + 1) {
        logger.warn(
          { forwarder: forwarder.name, missing: { from: after + 1, to: first - 1 } },
          'audit entries gone before they were forwarded',
        );
      }
      const entries = rows.map((row) => ({ ...presentEntry(row), chainHead: head }));
      const result = await forwarder.send(entries, stopping.signal);
      for (const { seq, reason } of result.refused ?? []) {
        logger.error(
          { forwarder: forwarder.name, seq, reason },
          'the destination refused an audit entry; it is skipped',
        );
      }
      const now = new Date().toISOString();
      if (result.sent > 0) await markSent(db, forwarder.name, entries[result.sent - 1]!.seq, now);
      if (result.error !== undefined) {
        const failures = (wait?.failures ?? 0) + (result.sent > 0 ? 0 : 1);
        waits.set(forwarder.name, { failures, until: Date.now() + Math.min(intervalMs * 2 ** failures, backoffMaxMs) });
        if (failures <= 1) {
          logger.error({ forwarder: forwarder.name, error: result.error }, 'audit forwarding failed; it is retried');
        }
        await markFailing(db, forwarder.name, result.error.slice(0, 512), now);
        return;
      }
      if (wait !== undefined) {
        waits.delete(forwarder.name);
        wait = undefined;
        logger.info({ forwarder: forwarder.name, head }, 'audit forwarding resumed');
      }
    }
  };

  let round = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(() => {
      round = Promise.all(
        forwarders.map((forwarder) =>
          drain(forwarder).catch((error: unknown) => {
            if (!stopping.signal.aborted)
              logger.warn({ err: error, forwarder: forwarder.name }, 'audit forwarding round failed');
          }),
        ),
      ).then(schedule);
    }, intervalMs);
    timer.unref();
  };

  return {
    async start() {
      await registerForwarders(db, names);
      if (forwarders.length > 0) schedule();
      for (const forwarder of forwarders) logger.info({ forwarder: forwarder.name }, 'audit entries are forwarded');
    },
    async status() {
      const [rows, head] = await Promise.all([forwardingRows(db, names), chainHead(db)]);
      return {
        items: forwarders.map((forwarder) => {
          const row = rows.find((candidate) => candidate.name === forwarder.name);
          const sentSeq = Number(row?.sentSeq ?? head.seq);
          return {
            name: forwarder.name,
            kind: forwarder.kind,
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
      const rows = await forwardingRows(db, names);
      return rows.length === 0 ? undefined : Math.min(...rows.map((row) => Number(row.sentSeq)));
    },
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await round;
      await Promise.all(forwarders.map((forwarder) => forwarder.close()));
    },
  };
}
