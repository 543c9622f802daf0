import { Type, type Static } from 'typebox';
import { NameText } from './text.js';
import { Id, Timestamp } from './users.js';
import { Nullable } from './nullable.js';
import { ListQuery, Page } from './pages.js';

/** 10 seconds to 365 days. */
export const ThresholdSeconds = Type.Integer({ minimum: 10, maximum: 365 * 86_400 });
export const RuleDescription = NameText(255, 'the name people see: text on one line, without control characters');

/** Heartbeats in a row (0 turns the flag off). */
const Beats = Type.Integer({ minimum: 0, maximum: 100 });

export const ReportingRule = Type.Object({
  id: Id,
  description: Type.String({ maxLength: 255 }),
  notReportingAfterSeconds: Type.Integer({ minimum: 1 }),
  autoDelete: Type.Boolean(),
  autoDeleteAfterSeconds: Nullable(Type.Integer({ minimum: 1 })),
  isDefault: Type.Boolean(),
  /** Consecutive heartbeats routing no metric (status OK or undefined) that flag an agent Silent; 0: never. */
  silentAfterBeats: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Consecutive heartbeats with more errors than the one before that flag an agent Degrading; 0: never. */
  degradingAfterBeats: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Agents that follow this rule. */
  agentCount: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ReportingRule = Static<typeof ReportingRule>;

export const ReportingRuleCreate = Type.Object(
  {
    description: RuleDescription,
    notReportingAfterSeconds: ThresholdSeconds,
    autoDelete: Type.Optional(Type.Boolean()),
    /** Required when autoDelete is true; need not exceed the not-reporting threshold. */
    autoDeleteAfterSeconds: Type.Optional(Nullable(ThresholdSeconds)),
    isDefault: Type.Optional(Type.Boolean()),
    /** Default 3. */
    silentAfterBeats: Type.Optional(Beats),
    /** Default 3. */
    degradingAfterBeats: Type.Optional(Beats),
  },
  { additionalProperties: false },
);
export type ReportingRuleCreate = Static<typeof ReportingRuleCreate>;

export const ReportingRuleUpdate = Type.Object(
  {
    description: Type.Optional(RuleDescription),
    notReportingAfterSeconds: Type.Optional(ThresholdSeconds),
    autoDelete: Type.Optional(Type.Boolean()),
    autoDeleteAfterSeconds: Type.Optional(Nullable(ThresholdSeconds)),
    /** Only `true` is meaningful: another rule must be made default instead of un-defaulting this one. */
    isDefault: Type.Optional(Type.Boolean()),
    silentAfterBeats: Type.Optional(Beats),
    degradingAfterBeats: Type.Optional(Beats),
  },
  { additionalProperties: false },
);
export type ReportingRuleUpdate = Static<typeof ReportingRuleUpdate>;

export const ReportingRuleListQuery = ListQuery();
export type ReportingRuleListQuery = Static<typeof ReportingRuleListQuery>;

export const ReportingRuleList = Page(ReportingRule);
export type ReportingRuleList = Static<typeof ReportingRuleList>;
