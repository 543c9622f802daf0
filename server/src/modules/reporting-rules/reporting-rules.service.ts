import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { findDefaultRule, insertDefaultRuleIfNone } from './reporting-rules.repo.js';

/** The rule every new agent gets: Not Reporting after three missed one-minute heartbeats, never auto-deleted. */
export const DEFAULT_RULE = {
  description: 'Default: not reporting after 3 minutes of silence',
  notReportingAfterSeconds: 180,
} as const;

/** A default reporting rule always exists; the first start creates it. Safe to run on every start. */
export async function ensureDefaultRule(db: Kysely<Database>): Promise<void> {
  if (await findDefaultRule(db)) return;
  const now = new Date().toISOString();
  await insertDefaultRuleIfNone(db, {
    id: newId(),
    description: DEFAULT_RULE.description,
    notReportingAfterSeconds: DEFAULT_RULE.notReportingAfterSeconds,
    autoDelete: 0,
    autoDeleteAfterSeconds: null,
    isDefault: 1,
    createdAt: now,
    updatedAt: now,
  });
}
