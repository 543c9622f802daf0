import { Type, type Static } from 'typebox';
import { Nullable } from './nullable.js';
import { Id, Timestamp } from './users.js';

/** A configuration version as a request names one: within the databases' integers. */
export const VersionNumber = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** Gates of a rollout step (ADR 27): each a share of the step's sample, in percent. */
export const RolloutGates = Type.Object(
  {
    /** Agents of the sample whose status is Fail. Default 0. */
    maxFailPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** Agents of the sample that are Not Reporting. Default 10. */
    maxNotReportingPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** Agents reporting errors after their fetch where there were none in the bake time before it. Default 10. */
    maxNewlyErroringPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** Agents that must have fetched the new version before the step can pass. Default max(1, 5 % of the cohort). */
    minSample: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type RolloutGates = Static<typeof RolloutGates>;

const AgentIdText = Type.String({ minLength: 1, maxLength: 256 });

/** One cohort: exactly one of `labels`, `percent` (a cumulative share of all agents) or `agents`. */
export const RolloutCohort = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    labels: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true })),
    percent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    agents: Type.Optional(Type.Array(AgentIdText, { minItems: 1, maxItems: 1000, uniqueItems: true })),
    /** Seconds the step runs before its gates are judged. Default 600. */
    bakeSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 604_800 })),
    gates: Type.Optional(RolloutGates),
  },
  { additionalProperties: false },
);
export type RolloutCohort = Static<typeof RolloutCohort>;

export const RolloutCreate = Type.Object(
  {
    /** The version to roll out; the published version is rolled out from. */
    version: VersionNumber,
    cohorts: Type.Array(RolloutCohort, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type RolloutCreate = Static<typeof RolloutCreate>;

export const ROLLOUT_STATES = ['running', 'paused', 'finished', 'reverted', 'aborted'] as const;
export const RolloutState = Type.Unsafe<(typeof ROLLOUT_STATES)[number]>(Type.String({ enum: [...ROLLOUT_STATES] }));
export type RolloutState = Static<typeof RolloutState>;

/** The gate a step breached, and the agents that counted toward it. */
export const RolloutBreach = Type.Object({
  step: Type.Integer({ minimum: 0 }),
  gate: Type.Unsafe<'fail' | 'notReporting' | 'newlyErroring'>(
    Type.String({ enum: ['fail', 'notReporting', 'newlyErroring'] }),
  ),
  percent: Type.Number(),
  limit: Type.Number(),
  sample: Type.Integer({ minimum: 0 }),
  agents: Type.Array(Type.String({ maxLength: 256 }), { maxItems: 100 }),
  at: Timestamp,
});
export type RolloutBreach = Static<typeof RolloutBreach>;

/** A cohort as stored: the defaults filled in. */
export const RolloutStep = Type.Object({
  name: Type.String({ maxLength: 100 }),
  labels: Nullable(Type.Array(Id, { maxItems: 20 })),
  percent: Nullable(Type.Number()),
  agents: Nullable(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 })),
  bakeSeconds: Type.Integer({ minimum: 0 }),
  gates: Type.Object({
    maxFailPercent: Type.Number(),
    maxNotReportingPercent: Type.Number(),
    maxNewlyErroringPercent: Type.Number(),
    minSample: Nullable(Type.Integer({ minimum: 1 })),
  }),
});
export type RolloutStep = Static<typeof RolloutStep>;

/** A step's latest figures, as the leader measured them every `--rollout-interval` while it ran. */
export const RolloutStepFigures = Type.Object({
  step: Type.Integer({ minimum: 0 }),
  /** Agents loading the configuration in the step's cohort. */
  agents: Type.Integer({ minimum: 0 }),
  /** Of them, agents that fetched the new version with their identity: what the gates judge. */
  sample: Type.Integer({ minimum: 0 }),
  /** The sample the step needs before it can pass. */
  minSample: Type.Integer({ minimum: 1 }),
  /** Agents of the sample each gate counts. */
  fail: Type.Integer({ minimum: 0 }),
  notReporting: Type.Integer({ minimum: 0 }),
  newlyErroring: Type.Integer({ minimum: 0 }),
  measuredAt: Timestamp,
});
export type RolloutStepFigures = Static<typeof RolloutStepFigures>;

export const Rollout = Type.Object({
  id: Id,
  configId: Id,
  fromVersion: Type.Integer({ minimum: 1 }),
  toVersion: Type.Integer({ minimum: 1 }),
  state: RolloutState,
  /** The last cohort reached (0-based): cohorts 0..step are served the new version while it is active. */
  step: Type.Integer({ minimum: 0 }),
  stepStartedAt: Timestamp,
  cohorts: Type.Array(RolloutStep, { maxItems: 20 }),
  /** Per step measured so far, its latest figures (a passed step's: those it passed with). */
  figures: Type.Array(RolloutStepFigures, { maxItems: 20 }),
  breach: Nullable(RolloutBreach),
  createdBy: Nullable(Type.String({ maxLength: 50 })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  endedAt: Nullable(Timestamp),
});
export type Rollout = Static<typeof Rollout>;

export const RolloutList = Type.Object({ items: Type.Array(Rollout, { maxItems: 200 }) });
export type RolloutList = Static<typeof RolloutList>;

export const ConfigPublish = Type.Object({ version: VersionNumber }, { additionalProperties: false });
export type ConfigPublish = Static<typeof ConfigPublish>;

export const ConfigPin = Type.Object(
  {
    /** The version to serve to every agent; default: the version published now. */
    version: Type.Optional(VersionNumber),
  },
  { additionalProperties: false },
);
export type ConfigPin = Static<typeof ConfigPin>;

/** What a version would change for sample agents, per cohort, before it is published or rolled out. */
export const VersionReviewRequest = Type.Object(
  {
    version: VersionNumber,
    /** The cohorts to sample, as a rollout would have them; none: every agent loading the configuration. */
    cohorts: Type.Optional(Type.Array(RolloutCohort, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type VersionReviewRequest = Static<typeof VersionReviewRequest>;

export const VersionReview = Type.Object({
  fromVersion: Type.Integer({ minimum: 1 }),
  toVersion: Type.Integer({ minimum: 1 }),
  cohorts: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 100 }),
      /** Agents loading the configuration in this cohort. */
      agents: Type.Integer({ minimum: 0 }),
      samples: Type.Array(
        Type.Object({
          agentId: Type.String({ maxLength: 256 }),
          /** A unified diff of what the agent is served now and what it would be served; empty when the same. */
          diff: Nullable(Type.String({ maxLength: 1_000_000 })),
          /** Why there is no diff (the URL it reported lacks a parameter, a constant is undefined, ...). */
          problem: Nullable(Type.String({ maxLength: 500 })),
        }),
        { maxItems: 3 },
      ),
    }),
    { maxItems: 20 },
  ),
});
export type VersionReview = Static<typeof VersionReview>;
