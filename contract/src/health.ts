import { Type, type Static } from 'typebox';
import { Nullable } from './nullable.js';

export const Liveness = Type.Object({ status: Type.Literal('ok') });
export type Liveness = Static<typeof Liveness>;

export const Readiness = Type.Object({ ready: Type.Boolean() });
export type Readiness = Static<typeof Readiness>;

const NodeName = Type.String({ maxLength: 63 });

/** Whether this node leads (the documented field), this node's name, and who leads now (null: nobody, or unknown). */
export const Leadership = Type.Object({
  leader: Type.Boolean(),
  node: NodeName,
  leaderNode: Type.Union([NodeName, Type.Null()]),
});
export type Leadership = Static<typeof Leadership>;

export const VersionInfo = Type.Object({ version: Type.String({ maxLength: 64 }) });
export type VersionInfo = Static<typeof VersionInfo>;

const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
const Count = Type.Integer({ minimum: 0 });

export const HEARTBEAT_HEALTH_STATES = ['ok', 'warning', 'error'] as const;
export type HeartbeatHealthState = (typeof HEARTBEAT_HEALTH_STATES)[number];

/** `GET /api/heartbeat/health`: whether agents' heartbeats are being taken in and stored, and what is in the way. */
export const HeartbeatHealth = Type.Object({
  status: Type.Unsafe<HeartbeatHealthState>(Type.String({ enum: [...HEARTBEAT_HEALTH_STATES] })),
  /** What the status means for the fleet, in one sentence. */
  message: Type.String({ maxLength: 300 }),
  service: Type.Object({ running: Type.Boolean(), authEnabled: Type.Boolean() }),
  database: Type.Object({ connected: Type.Boolean() }),
  tokens: Type.Object({
    /** Tokens held in the in-memory cache of this controller. */
    cached: Count,
    /** Active tokens whose owner may send heartbeats with them: none means every heartbeat is refused. */
    heartbeatCapable: Count,
  }),
  buffer: Type.Object({
    /** Agents whose last heartbeat waits to be written. */
    pending: Count,
    /** Heartbeats dropped since start because the database refused them. */
    dropped: Count,
    /** Whether writes reach the database. */
    writing: Type.Boolean(),
  }),
  scheduler: Type.Object({
    /** This controller runs the status passes. */
    leader: Type.Boolean(),
    lastRunAt: Nullable(Timestamp),
    lastSuccessAt: Nullable(Timestamp),
    lastError: Nullable(Type.String({ maxLength: 500 })),
  }),
});
export type HeartbeatHealth = Static<typeof HeartbeatHealth>;
