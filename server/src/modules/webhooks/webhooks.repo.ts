import type { Kysely, Transaction } from 'kysely';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function listWebhookRows(db: Executor): Promise<WebhooksTable[]> {
  return db.selectFrom('webhooks').selectAll().orderBy('createdAt').orderBy('id').limit(500).execute();
}

export async function findWebhookRow(db: Executor, id: string): Promise<WebhooksTable | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertWebhook(db: Executor, row: WebhooksTable): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function updateWebhook(
  db: Executor,
  id: string,
  changes: Partial<Pick<WebhooksTable, 'name' | 'url' | 'events' | 'enabled' | 'updatedAt'>>,
): Promise<void> {
  await db.updateTable('webhooks').set(changes).where('id', '=', id).execute();
}

export async function deleteWebhook(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Enabled subscriptions to `event`. */
export async function subscribersOf(db: Executor, event: string): Promise<WebhooksTable[]> {
  const rows = await db.selectFrom('webhooks').selectAll().where('enabled', '=', 1).execute();
  return rows.filter((row) => (JSON.parse(row.events) as string[]).includes(event));
}

export async function insertDeliveries(db: Executor, rows: readonly WebhookDeliveriesTable[]): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('webhookDeliveries')
      .values([...rows])
      .execute();
}

/** Pending deliveries whose next attempt is due, oldest first. */
export async function dueDeliveries(db: Executor, now: string, limit: number) {
  return db
    .selectFrom('webhookDeliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhookId')
    .selectAll('d')
    .select(['w.url', 'w.secret'])
    .where('d.state', '=', 'pending')
    .where('w.enabled', '=', 1)
    .where('d.nextAttemptAt', '<=', now)
    .orderBy('d.nextAttemptAt')
    .limit(limit)
    .execute();
}

export async function updateDelivery(
  db: Executor,
  id: string,
  changes: Partial<
    Pick<
      WebhookDeliveriesTable,
      'state' | 'attempts' | 'nextAttemptAt' | 'lastStatus' | 'lastError' | 'lastResponse' | 'finishedAt'
    >
  >,
): Promise<void> {
  await db.updateTable('webhookDeliveries').set(changes).where('id', '=', id).execute();
}

/** Forgets finished deliveries older than `before` (the log's retention). */
export async function pruneDeliveries(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('webhookDeliveries').where('state', '!=', 'pending').where('createdAt', '<', before).execute();
}

/** A subscription's delivery log, newest first. */
export async function listDeliveries(
  db: Executor,
  webhookId: string,
  limit: number,
): Promise<WebhookDeliveriesTable[]> {
  return db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('webhookId', '=', webhookId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Records a notice; false when it was recorded before (it is sent once). */
export async function noteOnce(db: Executor, notice: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('webhookNotices')
    .values({ notice, createdAt: at })
    .onConflict((conflict) => conflict.column('notice').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Live tokens that expire before `until`. */
export async function tokensExpiringBefore(db: Executor, now: string, until: string) {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'userId', 'expiresAt'])
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', now)
    .where('expiresAt', '<=', until)
    .execute();
}

/** Agents flagged as a duplicate id now: an alternation of hostnames within the window, ending within it. */
export async function duplicateAgentIds(db: Executor, windowMs: number, now: number): Promise<string[]> {
  const rows = await db
    .selectFrom('agents')
    .select('id')
    .where('alternatedAt', '>=', new Date(now - windowMs).toISOString())
    .where('alternationGapMs', '<=', windowMs)
    .execute();
  return rows.map((row) => row.id);
}

/** The agents among `flagged` not told of yet under `kind`, now noted; and forgets those no longer flagged. */
export async function newlyFlagged(
  trx: Transaction<Database>,
  kind: string,
  flagged: readonly string[],
  at: string,
): Promise<string[]> {
  const prefix = `${kind} `;
  const known = new Set(
    (await trx.selectFrom('webhookNotices').select('notice').where('notice', 'like', `${kind} %`).execute()).map(
      (row) => row.notice.slice(prefix.length),
    ),
  );
  const now = new Set(flagged);
  const gone = [...known].filter((id) => !now.has(id));
  for (let start = 0; start < gone.length; start += 500) {
    const chunk = gone.slice(start, start + 500).map((id) => prefix + id);
    await trx.deleteFrom('webhookNotices').where('notice', 'in', chunk).execute();
  }
  const fresh = flagged.filter((id) => !known.has(id));
  for (let start = 0; start < fresh.length; start += 500) {
    const rows = fresh.slice(start, start + 500).map((id) => ({ notice: prefix + id, createdAt: at }));
    await trx.insertInto('webhookNotices').values(rows).execute();
  }
  return fresh;
}
