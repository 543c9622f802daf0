import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConfigsTable, ConfigVersionsTable, Database } from '../../db/schema.js';
import { afterCursor } from '../../db/keyset.js';
import { telegrafVersionKey } from '../../lib/telegraf-version.js';
import { carriesAll } from '../labels/label-links.js';
import { telegrafRequirements } from './toml/telegraf-requirements.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ConfigRow extends ConfigsTable {
  updatedByUsername: string | null;
}

function withNames(db: Executor) {
  return db
    .selectFrom('configs')
    .leftJoin('users', 'users.id', 'configs.updatedBy')
    .selectAll('configs')
    .select('users.username as updatedByUsername');
}

export async function findConfigRow(db: Executor, id: string): Promise<ConfigRow | undefined> {
  return withNames(db).where('configs.id', '=', id).executeTakeFirst();
}

export async function findConfigIdByName(db: Executor, nameKey: string): Promise<string | undefined> {
  return (await db.selectFrom('configs').select('id').where('nameKey', '=', nameKey).executeTakeFirst())?.id;
}

type RequirementColumns = 'requirements' | 'requiresKey' | 'removedKey';

/**
 * What a template asks of Telegraf, as stored beside it: written with every template, so the two never disagree
 * (issue 20 item 7).
 */
function requirementColumns(toml: string): Pick<ConfigsTable, RequirementColumns> {
  const requirements = telegrafRequirements(toml);
  const keys = (kind: 'introduced' | 'removed') =>
    requirements
      .filter((requirement) => requirement.kind === kind)
      .map((requirement) => telegrafVersionKey(requirement.version)!)
      .sort();
  return {
    requirements: JSON.stringify(requirements),
    requiresKey: keys('introduced').at(-1) ?? null,
    removedKey: keys('removed')[0] ?? null,
  };
}

export async function insertConfig(
  trx: Transaction<Database>,
  row: Omit<ConfigsTable, RequirementColumns>,
): Promise<void> {
  await trx
    .insertInto('configs')
    .values({ ...row, ...requirementColumns(row.toml) })
    .execute();
}

export async function updateConfig(
  db: Executor,
  id: string,
  changes: Partial<Omit<ConfigsTable, 'id' | RequirementColumns>>,
): Promise<void> {
  const requirements = changes.toml === undefined ? {} : requirementColumns(changes.toml);
  await db
    .updateTable('configs')
    .set({ ...changes, ...requirements })
    .where('id', '=', id)
    .execute();
}

/**
 * Serves `version` as the configuration's published version when it publishes on save: live, not pinned, no
 * rollout active, and four eyes off (ADR 27).
 */
export async function publishIfLive(db: Executor, id: string, version: number, at: string): Promise<void> {
  await db
    .updateTable('configs')
    .set({ publishedVersion: version, publishedAt: at })
    .where('id', '=', id)
    .where('publishMode', '=', 'live')
    .where('pinnedVersion', 'is', null)
    .where(
      sql<boolean>`not exists (select 1 from rollouts r where r.config_id = configs.id
      and r.state in ('running', 'paused'))`,
    )
    // With four eyes on, nothing is served unapproved: a save waits to be approved and published.
    .where(sql<boolean>`not exists (select 1 from settings where require_approval = 1)`)
    .execute();
}

/** Computes what every configuration asks of Telegraf again: at start, so a new plugin catalogue applies at once. */
export async function refreshRequirements(db: Kysely<Database>): Promise<void> {
  for (const { id, toml, requirements } of await db
    .selectFrom('configs')
    .select(['id', 'toml', 'requirements'])
    .execute()) {
    const columns = requirementColumns(toml);
    if (columns.requirements !== requirements) {
      await db.updateTable('configs').set(columns).where('id', '=', id).execute();
    }
  }
}

export async function deleteConfigs(
  db: Executor,
  ids: readonly string[],
): Promise<Array<Pick<ConfigsTable, 'id' | 'name' | 'version'>>> {
  if (ids.length === 0) return [];
  return db.deleteFrom('configs').where('id', 'in', ids).returning(['id', 'name', 'version']).execute();
}

export async function allConfigTemplates(db: Executor): Promise<Array<Pick<ConfigsTable, 'id' | 'name' | 'toml'>>> {
  return db.selectFrom('configs').select(['id', 'name', 'toml']).orderBy('nameKey').execute();
}

export type ConfigSortColumn = 'nameKey' | 'updatedAt' | 'createdAt';

export interface ConfigFilter {
  search?: string;
  /** Every one of these labels. */
  labelIds: readonly string[];
}

export interface ConfigPageQuery extends ConfigFilter {
  sort: ConfigSortColumn;
  descending: boolean;
  after?: [string, string];
  limit: number;
}

function matching(search: string) {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(configs.name_key like ${pattern} escape '\\' or lower(coalesce(configs.description, '')) like ${pattern} escape '\\')`;
}

/** Keyset pagination on (sort column, id). */
export async function listConfigRows(db: Executor, query: ConfigPageQuery): Promise<ConfigRow[]> {
  const column = `configs.${query.sort}` as const;
  const direction = query.descending ? 'desc' : 'asc';
  return withNames(db)
    .$if(Boolean(query.search), (q) => q.where(matching(query.search!)))
    .$if(query.labelIds.length > 0, (q) => q.where(carriesAll('config', 'configs.id', query.labelIds)))
    .$if(query.after !== undefined, (q) => q.where(afterCursor([column, 'configs.id'], query.after!, query.descending)))
    .orderBy(column, direction)
    .orderBy('configs.id', direction)
    .limit(query.limit)
    .execute();
}

export async function countConfigs(db: Executor, { search, labelIds }: ConfigFilter): Promise<number> {
  const row = await db
    .selectFrom('configs')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .$if(Boolean(search), (q) => q.where(matching(search!)))
    .$if(labelIds.length > 0, (q) => q.where(carriesAll('config', 'configs.id', labelIds)))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertVersion(trx: Transaction<Database>, row: ConfigVersionsTable): Promise<void> {
  await trx.insertInto('configVersions').values(row).execute();
}

export interface VersionRow extends ConfigVersionsTable {
  authorUsername: string | null;
  /** Who approved the version (four eyes) and when; null when nobody has (or, the name, when they were deleted). */
  approverUsername: string | null;
  approvedAt: string | null;
}

/** A configuration's versions with their authors' names, and their approvals. */
function versionsWithAuthor(db: Executor, configId: string) {
  return db
    .selectFrom('configVersions')
    .leftJoin('users', 'users.id', 'configVersions.authorId')
    .leftJoin('configVersionApprovals as approval', (join) =>
      join
        .onRef('approval.configId', '=', 'configVersions.configId')
        .onRef('approval.version', '=', 'configVersions.version'),
    )
    .leftJoin('users as approver', 'approver.id', 'approval.approvedBy')
    .selectAll('configVersions')
    .select(['users.username as authorUsername', 'approver.username as approverUsername', 'approval.approvedAt'])
    .where('configVersions.configId', '=', configId);
}

export async function listVersionRows(db: Executor, configId: string): Promise<VersionRow[]> {
  return versionsWithAuthor(db, configId).orderBy('configVersions.version', 'desc').execute();
}

/** One page of a configuration's versions, newest first, after the cursor's version. */
export async function listVersionPage(
  db: Executor,
  configId: string,
  query: { after?: [number]; limit: number },
): Promise<VersionRow[]> {
  return versionsWithAuthor(db, configId)
    .$if(query.after !== undefined, (q) => q.where(afterCursor(['configVersions.version'], query.after!, true)))
    .orderBy('configVersions.version', 'desc')
    .limit(query.limit)
    .execute();
}

export async function countVersions(db: Executor, configId: string): Promise<number> {
  const row = await db
    .selectFrom('configVersions')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('configId', '=', configId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findVersionRow(db: Executor, configId: string, version: number): Promise<VersionRow | undefined> {
  return versionsWithAuthor(db, configId).where('configVersions.version', '=', version).executeTakeFirst();
}

/** A version's TOML alone, for serving it (no author, no approval). */
export async function findVersionToml(db: Executor, configId: string, version: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('configVersions')
    .select('toml')
    .where('configId', '=', configId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.toml;
}

export async function updateVersionNote(db: Executor, configId: string, version: number, note: string | null) {
  await db
    .updateTable('configVersions')
    .set({ note })
    .where('configId', '=', configId)
    .where('version', '=', version)
    .execute();
}

/** The versions agents may be served (ADR 27): the published, the pinned, and an active rollout's two. */
export async function servedVersions(db: Executor, configId: string): Promise<Set<number>> {
  const rows = await sql<{ version: number | null }>`
    select coalesce(published_version, version) as version from configs where id = ${configId}
    union select pinned_version from configs where id = ${configId}
    union select from_version from rollouts where config_id = ${configId} and state in ('running', 'paused')
    union select to_version from rollouts where config_id = ${configId} and state in ('running', 'paused')`.execute(db);
  return new Set(rows.rows.flatMap((row) => (row.version === null ? [] : [Number(row.version)])));
}

export async function deleteVersionRows(db: Executor, configId: string, versions: readonly number[]): Promise<number> {
  if (versions.length === 0) return 0;
  const result = await db
    .deleteFrom('configVersions')
    .where('configId', '=', configId)
    .where('version', 'in', versions)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
