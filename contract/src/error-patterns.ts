import { Type, type Static } from 'typebox';
import { ListQuery, Page } from './pages.js';
import { Timestamp } from './users.js';

export const ERROR_PATTERN_LEVELS = ['ERROR', 'WARN'] as const;
export type ErrorPatternLevel = (typeof ERROR_PATTERN_LEVELS)[number];

/**
 * A problem spreading through the fleet (issue 20 item 5): heartbeat log entries of one level and plugin (`source`)
 * whose messages read alike once numbers, ids and addresses are masked, counted as heartbeats arrive.
 */
export const ErrorPattern = Type.Object({
  /** Stable for the same level, source and pattern: `GET /api/agents?errorPattern={id}` lists the agents. */
  id: Type.String({ maxLength: 64 }),
  level: Type.Unsafe<ErrorPatternLevel>(Type.String({ enum: [...ERROR_PATTERN_LEVELS] })),
  /** `<category>.<plugin>[::<alias>]`, empty for the agent's own messages. */
  source: Type.String({ maxLength: 1024 }),
  /** The message with `<n>` for numbers, `<id>` for ids and `<ip>` for addresses. */
  pattern: Type.String({ maxLength: 1024 }),
  /** The latest message of the pattern as sent, and the agent that sent it. */
  sample: Type.String({ maxLength: 1024 }),
  sampleAgentId: Type.String({ maxLength: 256 }),
  /** Agents that reported it within the retention. */
  agents: Type.Integer({ minimum: 0 }),
  /** Entries reported, all agents together. */
  occurrences: Type.Integer({ minimum: 0 }),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
});
export type ErrorPattern = Static<typeof ErrorPattern>;

export const ErrorPatternListQuery = ListQuery({
  level: Type.Optional(Type.Unsafe<ErrorPatternLevel>(Type.String({ enum: [...ERROR_PATTERN_LEVELS] }))),
  /** Part of the source or the pattern (case-insensitive). */
  search: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ErrorPatternListQuery = Static<typeof ErrorPatternListQuery>;

/** Most recently seen first. */
export const ErrorPatternList = Page(ErrorPattern);
export type ErrorPatternList = Static<typeof ErrorPatternList>;
