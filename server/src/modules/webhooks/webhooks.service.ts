import type { Kysely, Transaction } from 'kysely';
import type {
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEvent,
  WebhookList,
  WebhookUpdate,
} from '@telegraf-controller/contract/webhooks';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { randomToken } from '../../lib/crypto.js';
import { INTERNAL_ADDRESS, UNRESOLVED, destinationProblem, publicAddressLookup } from '../../lib/destinations.js';
import { newId } from '../../lib/ids.js';
import { createWebhookSender, type WebhookResult } from '../../lib/webhook-sender.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import {
  deleteWebhook,
  duplicateAgentIds,
  dueDeliveries,
  findWebhookRow,
  insertDeliveries,
  insertWebhook,
  listDeliveries,
  listWebhookRows,
  newlyFlagged,
  noteOnce,
  pruneDeliveries,
  subscribersOf,
  tokensExpiringBefore,
  updateDelivery,
  updateWebhook,
} from './webhooks.repo.js';

/** Deliveries shown in a subscription's log (newest first), and sent per round at most. */
const LOGGED = 100;
const PER_ROUND = 50;
/** Rounds a delivery is tried in before it is given up (its attempts back off, doubling, up to an hour apart). */
const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 3600_000;
/** How long a finished delivery stays in its subscription's log. */
const LOG_RETENTION_MS = 30 * 86_400_000;
/** Agents an event about newly flagged agents names at most (its count is whole). */
const FLAGGED_SAMPLE = 100;

export interface WebhooksSettings {
  /** Deliveries to loopback, link-local and private addresses (`--webhook-allow-private`). */
  allowPrivate: boolean;
  /** The wait after a failed round before the next, doubling with each (`--webhook-retry-delay`). */
  retryDelayMs: number;
  /** How long before a token expires its `token.expiring` event is sent. */
  tokenExpiryNoticeMs: number;
  timeoutMs?: number;
}

/** What a round asks of the rest of the controller: the duplicate window, and the agents flagged Incompatible. */
export interface FlagSources {
  duplicateWindowMs(): Promise<number>;
  incompatibleAgentIds(): Promise<string[]>;
}

export interface WebhooksService {
  list(): Promise<WebhookList>;
  get(id: string): Promise<Webhook>;
  create(actor: Identity | null, body: WebhookCreate, origin: RequestOrigin): Promise<WebhookCreated>;
  update(actor: Identity | null, id: string, body: WebhookUpdate, origin: RequestOrigin): Promise<Webhook>;
  remove(actor: Identity | null, id: string, origin: RequestOrigin): Promise<void>;
  deliveries(id: string): Promise<WebhookDeliveryList>;
  /** Sends a `webhook.test` event to the subscription now, and logs it. */
  test(id: string): Promise<WebhookDelivery>;
  /** Queues an event for every enabled subscription to it, in the caller's transaction when given. */
  emit(event: WebhookEvent, data: Record<string, unknown>, trx?: Transaction<Database>): Promise<void>;
  /**
   * The leader's round: queues notices of tokens about to expire and of agents newly flagged as a duplicate id or
   * Incompatible (one event per kind, with the count and the first ids), then sends what is due.
   */
  deliver(now?: number): Promise<void>;
}

function present(row: WebhooksTable): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEvent[],
    enabled: row.enabled === 1,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

function presentDelivery(row: WebhookDeliveriesTable): WebhookDelivery {
  const at = (value: string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: row.id,
    event: row.event,
    payload: row.payload,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: at(row.nextAttemptAt),
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    lastResponse: row.lastResponse,
    createdAt: at(row.createdAt)!,
    finishedAt: at(row.finishedAt),
  };
}

/** A webhook URL as the audit log names it: its origin alone (a chat service's URL carries its key in the path). */
const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
};

/** The JSON body of an event: its type, a delivery id the receiver can deduplicate on, the time and the data. */
const bodyOf = (id: string, event: string, at: string, data: Record<string, unknown>) =>
  JSON.stringify({ id, event, at, data });

/**
 * Webhook subscriptions (issue 21 item 6): events are queued in the database with the change that caused them, and
 * the leader sends them, signed with HMAC-SHA256 over the timestamp and body by the shared sender, retried with
 * backoff across rounds, each outcome kept in the subscription's delivery log.
 */
export function createWebhooksService(
  db: Kysely<Database>,
  { allowPrivate, retryDelayMs, tokenExpiryNoticeMs, timeoutMs = 10_000 }: WebhooksSettings,
  audit: AuditLog,
  flags: FlagSources,
): WebhooksService {
  // Each connection goes only to a public address (unless allowed otherwise), whatever the name resolves to by then.
  const sender = createWebhookSender({
    timeoutMs,
    retryDelayMs,
    retries: 0,
    userAgent: 'telegraf-controller',
    lookup: allowPrivate ? undefined : publicAddressLookup(),
  });
  const load = async (id: string) => {
    const row = await findWebhookRow(db, id);
    if (row === undefined) throw new AppError('not_found', 'No such webhook');
    return row;
  };
  const assertDestination = async (url: string) => {
    const problem = await destinationProblem(url, allowPrivate);
    if (problem !== undefined) {
      throw new AppError('validation_failed', `The webhook URL ${problem}`, {
        errors: [{ pointer: '/url', message: problem }],
      });
    }
  };
  /** One attempt at a delivery, the destination checked again first (a name may resolve elsewhere since). */
  const attempt = async (
    url: string,
    secret: string,
    payload: string,
  ): Promise<WebhookResult | { refused: string }> => {
    const problem = await destinationProblem(url, allowPrivate);
    // A name that does not resolve now may later (tried again, as a network error); a refused address never will.
    if (problem === UNRESOLVED) {
      return {
        outcome: 'failed',
        attempts: [{ at: new Date().toISOString(), status: null, error: problem, response: null }],
      };
    }
    if (problem !== undefined) return { refused: `destination ${problem}` };
    const result = await sender.send({ url, secret }, payload);
    // The name resolved to a public address above and to an internal one when connecting (DNS rebinding).
    if (result.attempts.at(-1)?.error === INTERNAL_ADDRESS) {
      return { refused: 'destination resolved to a loopback, link-local or private address when connecting' };
    }
    return result;
  };
  /** The delivery's row after an attempt (`attempts` counts this one). */
  const outcomeOf = (result: WebhookResult | { refused: string }, attempts: number, now: number) => {
    if ('refused' in result) {
      return {
        state: 'failed' as const,
        lastStatus: null,
        lastError: result.refused,
        lastResponse: null,
        finishedAt: new Date(now).toISOString(),
        nextAttemptAt: null,
        attempts,
      };
    }
    const last = result.attempts.at(-1)!;
    const common = { attempts, lastStatus: last.status, lastError: last.error, lastResponse: last.response };
    if (result.outcome === 'delivered' || result.outcome === 'rejected' || attempts >= MAX_ATTEMPTS) {
      const state = result.outcome === 'failed' ? ('failed' as const) : result.outcome;
      return { ...common, state, nextAttemptAt: null, finishedAt: new Date(now).toISOString() };
    }
    const wait = Math.min(retryDelayMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    return {
      ...common,
      state: 'pending' as const,
      nextAttemptAt: new Date(now + wait).toISOString(),
      finishedAt: null,
    };
  };
  const emit = async (event: WebhookEvent, data: Record<string, unknown>, trx?: Transaction<Database>) => {
    const executor = trx ?? db;
    const at = new Date().toISOString();
    const rows = (await subscribersOf(executor, event)).map((webhook): WebhookDeliveriesTable => {
      const id = newId();
      return {
        id,
        webhookId: webhook.id,
        event,
        payload: bodyOf(id, event, at, data),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        lastStatus: null,
        lastError: null,
        lastResponse: null,
        createdAt: at,
        finishedAt: null,
      };
    });
    await insertDeliveries(executor, rows);
  };

  return {
    async list() {
      return { items: (await listWebhookRows(db)).map(present) };
    },
    async get(id) {
      return present(await load(id));
    },
    async create(actor, body, origin) {
      await assertDestination(body.url);
      const now = new Date().toISOString();
      const row: WebhooksTable = {
        id: newId(),
        name: body.name,
        url: body.url,
        secret: `whsec_${randomToken(24)}`,
        events: JSON.stringify(body.events),
        enabled: body.enabled === false ? 0 : 1,
        createdBy: actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await db.transaction().execute(async (trx) => {
        await insertWebhook(trx, row);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'webhook.create',
          target: { type: 'webhook', id: row.id, name: row.name },
          details: { destination: originOf(row.url), events: body.events },
        });
      });
      return { ...present(row), secret: row.secret };
    },
    async update(actor, id, body, origin) {
      const row = await load(id);
      if (body.url !== undefined) await assertDestination(body.url);
      await db.transaction().execute(async (trx) => {
        await updateWebhook(trx, id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.url !== undefined ? { url: body.url } : {}),
          ...(body.events !== undefined ? { events: JSON.stringify(body.events) } : {}),
          ...(body.enabled !== undefined ? { enabled: body.enabled ? 1 : 0 } : {}),
          updatedAt: new Date().toISOString(),
        });
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'webhook.update',
          target: { type: 'webhook', id, name: body.name ?? row.name },
          details: { ...body, ...(body.url !== undefined ? { url: originOf(body.url) } : {}) },
        });
      });
      return present(await load(id));
    },
    async remove(actor, id, origin) {
      const row = await load(id);
      await db.transaction().execute(async (trx) => {
        await deleteWebhook(trx, id);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'webhook.delete',
          target: { type: 'webhook', id, name: row.name },
        });
      });
    },
    async deliveries(id) {
      await load(id);
      return { items: (await listDeliveries(db, id, LOGGED)).map(presentDelivery) };
    },
    async test(id) {
      const webhook = await load(id);
      const at = new Date().toISOString();
      const deliveryId = newId();
      const payload = bodyOf(deliveryId, 'webhook.test', at, { webhook: webhook.id, name: webhook.name });
      const outcome = outcomeOf(await attempt(webhook.url, webhook.secret, payload), MAX_ATTEMPTS, Date.now());
      const row: WebhookDeliveriesTable = {
        id: deliveryId,
        webhookId: webhook.id,
        event: 'webhook.test',
        payload,
        createdAt: at,
        ...outcome,
        attempts: 1,
      };
      await insertDeliveries(db, [row]);
      return presentDelivery(row);
    },
    emit,
    async deliver(now = Date.now()) {
      const at = new Date(now).toISOString();
      // What is due goes first: a failure in the bookkeeping below never holds deliveries up.
      for (const delivery of await dueDeliveries(db, at, PER_ROUND)) {
        const attempts = delivery.attempts + 1;
        const outcome = outcomeOf(await attempt(delivery.url, delivery.secret, delivery.payload), attempts, Date.now());
        await updateDelivery(db, delivery.id, outcome);
      }
      await pruneDeliveries(db, new Date(now - LOG_RETENTION_MS).toISOString());
      for (const token of await tokensExpiringBefore(db, at, new Date(now + tokenExpiryNoticeMs).toISOString())) {
        await db.transaction().execute(async (trx) => {
          if (!(await noteOnce(trx, `token.expiring ${token.id} ${token.expiresAt}`, at))) return;
          await emit(
            'token.expiring',
            { token: { id: token.id, name: token.name }, expiresAt: new Date(token.expiresAt!).toISOString() },
            trx,
          );
        });
      }
      const flagged: Array<[WebhookEvent, () => Promise<string[]>]> = [
        ['agent.duplicate', async () => duplicateAgentIds(db, await flags.duplicateWindowMs(), now)],
        ['agent.incompatible', () => flags.incompatibleAgentIds()],
      ];
      for (const [event, current] of flagged) {
        const ids = await current();
        await db.transaction().execute(async (trx) => {
          const fresh = await newlyFlagged(trx, event, ids, at);
          if (fresh.length > 0) await emit(event, { count: fresh.length, agents: fresh.slice(0, FLAGGED_SAMPLE) }, trx);
        });
      }
    },
  };
}
