import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import type { Engine } from './connect.js';
import type { Database } from './schema.js';
import { reportingRules } from './migrations/0001-reporting-rules.js';
import { identity } from './migrations/0002-identity.js';
import { apiTokens } from './migrations/0003-api-tokens.js';
import { configs } from './migrations/0004-configs.js';
import { aliases } from './migrations/0005-aliases.js';
import { configGroups } from './migrations/0006-config-groups.js';
import { labels } from './migrations/0007-labels.js';
import { agents } from './migrations/0008-agents.js';
import { agentSearch } from './migrations/0009-agent-search.js';
import { singleLineNames } from './migrations/0010-single-line-names.js';
import { tokenParents } from './migrations/0011-token-parents.js';
import { cacheVersions } from './migrations/0012-cache-versions.js';
import { externalIdentities } from './migrations/0013-external-identities.js';
import { secondFactor } from './migrations/0014-second-factor.js';
import { oidcLogout } from './migrations/0015-oidc-logout.js';
import { auditLog } from './migrations/0016-audit-log.js';
import { auditForwarding } from './migrations/0017-audit-forwarding.js';
import { agentAuditMarks } from './migrations/0018-agent-audit-marks.js';
import { duplicateIds } from './migrations/0019-duplicate-ids.js';
import { agentTokens } from './migrations/0020-agent-tokens.js';
import { silentDegrading } from './migrations/0021-silent-degrading.js';
import { redactedSources } from './migrations/0022-redacted-sources.js';
import { configFetches } from './migrations/0023-config-fetches.js';
import { telegrafRequirements } from './migrations/0024-telegraf-requirements.js';
import { errorPatterns } from './migrations/0025-error-patterns.js';
import { driftIndexes } from './migrations/0026-drift-indexes.js';
import { stagedServing } from './migrations/0027-staged-serving.js';
import { webhooks } from './migrations/0028-webhooks.js';
import { rolloutCohorts } from './migrations/0029-rollout-cohorts.js';

export interface DialectTypes {
  /** Column type for a point in time: `timestamptz` on PostgreSQL, ISO text on SQLite. */
  timestamp: 'timestamptz' | 'text';
}

export interface Migration {
  name: string;
  // Migrations see the database as it was when they were written, so they are untyped by design.
  up(db: Kysely<any>, types: DialectTypes): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every migration in order. Never edit or reorder one that has been merged; append a new one. */
export const MIGRATIONS: readonly Migration[] = [
  reportingRules,
  identity,
  apiTokens,
  configs,
  aliases,
  configGroups,
  labels,
  agents,
  agentSearch,
  singleLineNames,
  tokenParents,
  cacheVersions,
  externalIdentities,
  secondFactor,
  oidcLogout,
  auditLog,
  auditForwarding,
  agentAuditMarks,
  duplicateIds,
  agentTokens,
  silentDegrading,
  redactedSources,
  configFetches,
  telegrafRequirements,
  errorPatterns,
  driftIndexes,
  stagedServing,
  webhooks,
  rolloutCohorts,
];

export class DatabaseTooNewError extends Error {}

export const MIGRATION_TABLE = 'schema_migration';

/**
 * Brings the schema to the latest version. On PostgreSQL Kysely holds an advisory lock for the whole run, so two
 * controllers starting together migrate once. Refuses a database that a newer controller has migrated.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  engine: Engine,
  /** The list to apply; tests of a migration stop before it, write what it must mend, then apply the rest. */
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  const plain = db.withoutPlugins() as Kysely<unknown>;
  await refuseNewerDatabase(plain);
  const types: DialectTypes = { timestamp: engine === 'postgres' ? 'timestamptz' : 'text' };
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(migrations.map((m) => [m.name, { up: (trx: Kysely<unknown>) => m.up(trx, types) }])),
  };
  const migrator = new Migrator({
    db: plain,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function refuseNewerDatabase(db: Kysely<unknown>): Promise<void> {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return;
  const applied = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const unknown = applied.rows.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DatabaseTooNewError(
      `the database was migrated by a newer version of telegraf-controller (unknown migrations: ${unknown.join(', ')}); ` +
        'upgrade the controller or point it at another database',
    );
  }
}
