import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.js';
import { entryHash, type AuditFields } from './audit-chain.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Appends one entry inside the caller's transaction: the chain's row is locked by the update that takes the next
 * `seq`, until the transaction ends, so entries link in `seq` order whichever node writes them.
 */
export async function appendEntry(
  trx: Transaction<Database>,
  entry: Omit<AuditFields, 'seq' | 'prevHash' | 'at'>,
): Promise<AuditLogTable> {
  const head = await trx
    .updateTable('auditChain')
    .set({ seq: sql`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  // Timed once the lock is held: times follow `seq`.
  const fields: AuditFields = { ...entry, at: new Date().toISOString(), seq: Number(head.seq), prevHash: head.hash };
  const row = { ...fields, hash: entryHash(fields) };
  await trx.insertInto('auditLog').values(row).execute();
  await trx.updateTable('auditChain').set({ hash: row.hash }).where('id', '=', 1).execute();
  return row;
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actorId?: string;
  action?: string;
  targetId?: string;
  outcome?: AuditLogTable['outcome'];
  /** Newest first: entries before this `seq`. */
  beforeSeq?: number;
  limit: number;
}

type AuditFilters = Omit<AuditQuery, 'beforeSeq' | 'limit'>;

const filtered = (db: Executor, query: AuditFilters) =>
  db
    .selectFrom('auditLog')
    .$if(query.from !== undefined, (q) => q.where('at', '>=', query.from!))
    .$if(query.to !== undefined, (q) => q.where('at', '<', query.to!))
    .$if(query.actorId !== undefined, (q) => q.where('actorId', '=', query.actorId!))
    .$if(query.action !== undefined, (q) => q.where('action', '=', query.action!))
    .$if(query.targetId !== undefined, (q) => q.where('targetId', '=', query.targetId!))
    .$if(query.outcome !== undefined, (q) => q.where('outcome', '=', query.outcome!));

export async function listEntries(db: Executor, query: AuditQuery): Promise<AuditLogTable[]> {
  return filtered(db, query)
    .selectAll()
    .$if(query.beforeSeq !== undefined, (q) => q.where('seq', '<', query.beforeSeq!))
    .orderBy('seq', 'desc')
    .limit(query.limit)
    .execute();
}

export async function countEntries(db: Executor, query: AuditFilters): Promise<number> {
  const row = await filtered(db, query)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Oldest first, by offset: the reference's paging. */
export async function listEntriesAscending(
  db: Executor,
  query: { from?: string; to?: string; offset: number; limit: number },
): Promise<AuditLogTable[]> {
  return filtered(db, query).selectAll().orderBy('seq').offset(query.offset).limit(query.limit).execute();
}

/** Oldest first from `afterSeq`, up to `throughSeq`: the walk of a verification. */
export async function entriesAfter(
  db: Executor,
  afterSeq: number,
  limit: number,
  throughSeq: number,
): Promise<AuditLogTable[]> {
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where('seq', '>', afterSeq)
    .where('seq', '<=', throughSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function findEntry(db: Executor, seq: number): Promise<AuditLogTable | undefined> {
  return db.selectFrom('auditLog').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function chainHead(db: Executor): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('auditChain').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Where one retention chunk cuts: the `limit`-th oldest entry, or the last one older than `before` if that comes
 * first, never past `through` (what every forwarder has sent); undefined when none is older.
 */
export async function pruneCut(
  db: Executor,
  { before, limit, through }: { before: string; limit: number; through: number | undefined },
): Promise<AuditLogTable | undefined> {
  const oldest = db.selectFrom('auditLog').select('seq').orderBy('seq').limit(limit);
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where('at', '<', before)
    .where('seq', 'in', oldest)
    .$if(through !== undefined, (q) => q.where('seq', '<=', through!))
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Deletes the entries up to `throughSeq`: the only deletion the database lets through, flagged in this transaction. */
export async function pruneThrough(trx: Transaction<Database>, throughSeq: number): Promise<number> {
  await trx.updateTable('auditChain').set({ pruning: 1 }).where('id', '=', 1).execute();
  const result = await trx.deleteFrom('auditLog').where('seq', '<=', throughSeq).executeTakeFirst();
  await trx.updateTable('auditChain').set({ pruning: 0 }).where('id', '=', 1).execute();
  return Number(result.numDeletedRows);
}
