import { Type, type Static } from 'typebox';
import { ListQuery, Page } from './pages.js';
import { Nullable } from './nullable.js';

const Outcome = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]);
const Hash = Type.String({ pattern: '^[0-9a-f]{64}$', maxLength: 64 });
const Time = Type.String({ format: 'date-time', maxLength: 40 });

/** One entry of the audit log: who did what to what, how it ended, and its link in the hash chain. */
export const AuditEntry = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  at: Time,
  action: Type.String({ maxLength: 64 }),
  outcome: Outcome,
  actor: Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('token'), Type.Literal('system')]),
    id: Nullable(Type.String({ maxLength: 64 })),
    name: Nullable(Type.String({ maxLength: 254 })),
    /** The user a token belongs to. */
    tokenOwnerId: Nullable(Type.String({ maxLength: 64 })),
  }),
  ip: Nullable(Type.String({ maxLength: 64 })),
  userAgent: Nullable(Type.String({ maxLength: 512 })),
  target: Nullable(
    Type.Object({
      type: Type.String({ maxLength: 32 }),
      id: Nullable(Type.String({ maxLength: 256 })),
      name: Nullable(Type.String({ maxLength: 256 })),
    }),
  ),
  /** What changed: a TOML diff, the fields before and after, counts; never a secret. */
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Hash,
  hash: Hash,
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = ListQuery({
  from: Type.Optional(Time),
  to: Type.Optional(Time),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a user or token id' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'a target id' })),
  outcome: Type.Optional(Outcome),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** Newest first. */
export const AuditPage = Page(AuditEntry);
export type AuditPage = Static<typeof AuditPage>;

/** A chain head published outside the database (the log, a forwarder), to check the chain against. */
export const ChainHead = Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Hash });
export type ChainHead = Static<typeof ChainHead>;

export const AuditVerifyQuery = Type.Object(
  {
    head: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]+:[0-9a-f]{64}$', maxLength: 96 }), {
        maxItems: 100,
        description: 'published heads as seq:hash',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AuditVerifyQuery = Static<typeof AuditVerifyQuery>;

/** What walking the chain found: the first broken link, if any. */
export const AuditVerification = Type.Object({
  ok: Type.Boolean(),
  /** Entries walked. */
  checked: Type.Integer({ minimum: 0 }),
  firstSeq: Nullable(Type.Integer({ minimum: 1 })),
  head: ChainHead,
  broken: Nullable(Type.Object({ seq: Type.Integer({ minimum: 0 }), reason: Type.String({ maxLength: 512 }) })),
  /** Published heads the walk compared with; the ones pruned away since cannot be checked. */
  headsChecked: Type.Integer({ minimum: 0 }),
});
export type AuditVerification = Static<typeof AuditVerification>;

/** The reference's `GET /api/audit-logger` query (its field names, `page` and `limit`). */
export const AuditLoggerQuery = Type.Object(
  {
    from: Type.Optional(Time),
    to: Type.Optional(Time),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999, default: 9999 })),
  },
  { additionalProperties: false },
);
export type AuditLoggerQuery = Static<typeof AuditLoggerQuery>;

/** An entry as the reference's endpoint answers it. */
export const AuditLoggerEntry = Type.Object({
  seq: Type.Integer(),
  timestamp: Time,
  action: Type.String({ maxLength: 64 }),
  actorId: Nullable(Type.String({ maxLength: 64 })),
  actorType: Type.Union([Type.Literal('User'), Type.Literal('Token'), Type.Literal('System')]),
  ipAddress: Nullable(Type.String({ maxLength: 64 })),
  userAgent: Nullable(Type.String({ maxLength: 512 })),
  outcome: Type.Union([Type.Literal('Success'), Type.Literal('Failure'), Type.Literal('Denied')]),
  hash: Hash,
  prevHash: Hash,
});
export const AuditLoggerList = Type.Array(AuditLoggerEntry, { maxItems: 1000 });
export type AuditLoggerList = Static<typeof AuditLoggerList>;

/**
 * What a forwarder sends for one entry (a syslog message's text, a webhook's body, a line of the file): the entry as
 * the API shows it, and the chain's head when it was sent, so every receiver keeps a copy of the head.
 */
export type ForwardedAuditEntry = AuditEntry & { chainHead: ChainHead };

/** One forwarding destination and how far it has got. */
export const AUDIT_FORWARDER_KINDS = ['syslog', 'webhook', 'file'] as const;
export type AuditForwarderKind = (typeof AUDIT_FORWARDER_KINDS)[number];

export const AuditForwarder = Type.Object({
  /** One destination per kind: the kind is the key of its place in the chain. */
  kind: Type.Unsafe<AuditForwarderKind>(Type.String({ enum: [...AUDIT_FORWARDER_KINDS] })),
  /** Where it sends, e.g. `tcp://siem.example:514`; a webhook shows only its origin (its URL may hold a key). */
  destination: Type.String({ maxLength: 4200 }),
  /** The last entry the destination took. */
  sentSeq: Type.Integer({ minimum: 0 }),
  /** Entries written since, waiting to be sent. */
  pending: Type.Integer({ minimum: 0 }),
  sentAt: Nullable(Time),
  /** When the current run of failures began; null while the destination takes entries. */
  failingSince: Nullable(Time),
  lastError: Nullable(Type.String({ maxLength: 512 })),
});
export type AuditForwarder = Static<typeof AuditForwarder>;

export const AuditForwarders = Type.Object({ items: Type.Array(AuditForwarder, { maxItems: 3 }) });
export type AuditForwarders = Static<typeof AuditForwarders>;
