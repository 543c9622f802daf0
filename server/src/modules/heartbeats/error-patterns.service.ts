import type { Kysely } from 'kysely';
import type { ErrorPatternList, ErrorPatternListQuery } from '@telegraf-controller/contract/error-patterns';
import type { Database } from '../../db/schema.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { countPatterns, listPatterns, purgePatterns } from './error-patterns.repo.js';

const DAY_MS = 86_400_000;

export interface ErrorPatternsService {
  list(query: ErrorPatternListQuery): Promise<ErrorPatternList>;
  /** Forgets what was not seen for the retention (the leader, hourly). */
  purge(now?: number): Promise<void>;
}

/** The fleet's error patterns, as heartbeats record them (`error-patterns.ts`), read and kept within retention. */
export function createErrorPatternsService(db: Kysely<Database>, retentionDays: number): ErrorPatternsService {
  return {
    async list({ limit = 50, cursor, level, search }) {
      const filter = { level, search: search?.trim() || undefined };
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2, ['timestamp', 'string']) as string[]);
      const rows = await listPatterns(db, { ...filter, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          id: row.id,
          level: row.level,
          source: row.source,
          pattern: row.pattern,
          sample: row.sample,
          sampleAgentId: row.sampleAgentId,
          agents: Number(row.agents),
          occurrences: Number(row.occurrences),
          firstSeenAt: new Date(row.firstSeenAt).toISOString(),
          lastSeenAt: new Date(row.lastSeenAt).toISOString(),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.lastSeenAt, last.id]) : null,
        total: await countPatterns(db, filter),
      };
    },
    purge: (now = Date.now()) => purgePatterns(db, new Date(now - retentionDays * DAY_MS).toISOString()),
  };
}
