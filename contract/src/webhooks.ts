import { Type, type Static } from 'typebox';
import { Nullable } from './nullable.js';
import { NameText } from './text.js';
import { Id, Timestamp } from './users.js';

/**
 * What a subscription can be sent (issue 21 item 6): agents' status transitions (one delivery per status pass, with
 * counts), rollout events, tokens about to expire, and agents newly flagged as a duplicate id or Incompatible.
 */
export const WEBHOOK_EVENTS = [
  'agent.status',
  'rollout.advanced',
  'rollout.reverted',
  'rollout.finished',
  'token.expiring',
  'agent.duplicate',
  'agent.incompatible',
] as const;
export const WebhookEvent = Type.Unsafe<(typeof WEBHOOK_EVENTS)[number]>(Type.String({ enum: [...WEBHOOK_EVENTS] }));
export type WebhookEvent = Static<typeof WebhookEvent>;

const WebhookUrl = Type.String({ minLength: 1, maxLength: 2048 });
const Events = Type.Array(WebhookEvent, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });

export const Webhook = Type.Object({
  id: Id,
  name: Type.String({ maxLength: 100 }),
  url: WebhookUrl,
  events: Type.Array(WebhookEvent, { maxItems: WEBHOOK_EVENTS.length }),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Webhook = Static<typeof Webhook>;

/** A new subscription, with its signing secret: shown this once. */
export const WebhookCreated = Type.Intersect([Webhook, Type.Object({ secret: Type.String({ maxLength: 100 }) })]);
export type WebhookCreated = Static<typeof WebhookCreated>;

export const WebhookCreate = Type.Object(
  {
    name: NameText(100),
    /** http(s); loopback, link-local and private addresses are refused unless the controller allows them. */
    url: WebhookUrl,
    events: Events,
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookUpdate = Type.Partial(WebhookCreate, { additionalProperties: false });
export type WebhookUpdate = Static<typeof WebhookUpdate>;

export const WebhookList = Type.Object({ items: Type.Array(Webhook, { maxItems: 500 }) });
export type WebhookList = Static<typeof WebhookList>;

export const DELIVERY_STATES = ['pending', 'delivered', 'rejected', 'failed'] as const;

/** One delivery of the log: its event, the body sent, and how the last attempt went. */
export const WebhookDelivery = Type.Object({
  id: Id,
  event: Type.String({ maxLength: 64 }),
  payload: Type.String({ maxLength: 65_536 }),
  state: Type.Unsafe<(typeof DELIVERY_STATES)[number]>(Type.String({ enum: [...DELIVERY_STATES] })),
  attempts: Type.Integer({ minimum: 0 }),
  nextAttemptAt: Nullable(Timestamp),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String({ maxLength: 200 })),
  /** The start of the receiver's answer. */
  lastResponse: Nullable(Type.String({ maxLength: 1024 })),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveryList = Type.Object({ items: Type.Array(WebhookDelivery, { maxItems: 100 }) });
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>;
