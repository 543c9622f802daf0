import type { Kysely } from 'kysely';
import type { AuditForwardingTable, Database } from '../../db/schema.js';

/**
 * A kind of forwarder seen for the first time starts at the chain's head: it sends what is recorded from then on.
 * Its row stays when it is configured away, so configuring it back resumes where it stopped.
 */
export async function registerForwarders(db: Kysely<Database>, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const head = await trx.selectFrom('auditChain').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    await trx
      .insertInto('auditForwarding')
      .values(names.map((name) => ({ name, sentSeq: head.seq, sentAt: null, failingSince: null, lastError: null })))
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  });
}

export async function forwardingRows(db: Kysely<Database>, names: readonly string[]): Promise<AuditForwardingTable[]> {
  if (names.length === 0) return [];
  return db.selectFrom('auditForwarding').selectAll().where('name', 'in', names).orderBy('name').execute();
}

/** The destination took everything through `seq` (never moves back, should two leaders overlap for a moment). */
export async function markSent(db: Kysely<Database>, name: string, seq: number, at: string): Promise<void> {
  await db
    .updateTable('auditForwarding')
    .set({ sentSeq: seq, sentAt: at, failingSince: null, lastError: null })
    .where('name', '=', name)
    .where('sentSeq', '<', seq)
    .execute();
}

/** The destination failed; the outage's start is kept from its first failure. */
export async function markFailing(db: Kysely<Database>, name: string, error: string, at: string): Promise<void> {
  await db
    .updateTable('auditForwarding')
    .set((eb) => ({ lastError: error, failingSince: eb.fn.coalesce('failingSince', eb.val(at)) }))
    .where('name', '=', name)
    .execute();
}
