import type { Kysely } from 'kysely';
import type {
  Config,
  ConfigCreate,
  ConfigList,
  ConfigListQuery,
  ConfigSummary,
  ConfigUpdate,
} from '@telegraf-controller/contract/configs';
import type { StartCommand } from '@telegraf-controller/contract/configs';
import type { LabelRef } from '@telegraf-controller/contract/labels';
import { MAX_TOML_FINDINGS, type ValidationResult } from '@telegraf-controller/contract/toml';
import type { Database } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { newConfigTemplate } from './config-template.js';
import {
  allConfigTemplates,
  refreshRequirements,
  countConfigs,
  deleteConfigs,
  findConfigIdByName,
  findConfigRow,
  insertConfig,
  insertVersion,
  listConfigRows,
  updateConfig,
  type ConfigRow,
  type ConfigSortColumn,
  publishIfLive,
} from './configs.repo.js';
import type { RenderCache } from './render-cache.js';
import { activeAgentsUsing, agentCounts } from '../agents/agent-usage.js';
import { aliasNamesOf, removeAliasesOf } from '../aliases/aliases.service.js';
import { labelsOf, linkLabels } from '../labels/label-links.js';
import { assertLabelIds } from '../labels/labels.service.js';
import { buildStartCommand, type CommandOptions } from './config-command.js';
import { validateConfig } from './toml/validate-config.js';
import { telegrafRequirements } from './toml/telegraf-requirements.js';
import { compatibilityWarnings } from './agent-compatibility.js';
import { versionsLoading } from '../agents/compatibility.js';
import { nameKey, normalizeName } from '../../lib/text.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { tomlChange } from '../audit/audit-diff.js';

export interface ConfigsService {
  create(
    actor: Identity | null,
    request: ConfigCreate,
    heartbeatBaseUrl: string,
    origin: RequestOrigin,
  ): Promise<Config>;
  list(query: ConfigListQuery): Promise<ConfigList>;
  get(id: string): Promise<Config>;
  /** `action` names the entry it records: a rollback is an update too. */
  update(
    actor: Identity | null,
    id: string,
    changes: ConfigUpdate,
    origin: RequestOrigin,
    action?: 'config.update' | 'config.rollback',
  ): Promise<Config>;
  remove(actor: Identity | null, id: string, origin: RequestOrigin): Promise<void>;
  /** Configurations in use by reporting agents stay, listed in `inUse`. */
  removeMany(
    actor: Identity | null,
    ids: readonly string[],
    origin: RequestOrigin,
  ): Promise<{ deleted: string[]; missing: string[]; inUse: string[] }>;
  validate(toml: string): ValidationResult;
  /** `validate`, warning also where agents loading configuration `configId` could not run it. */
  validateFor(toml: string, configId: string): Promise<ValidationResult>;
  startCommand(id: string, input: CommandOptions): Promise<StartCommand>;
  /** Every stored template (id, name, TOML), for usage scans such as the constants page. */
  templates(): Promise<Array<{ id: string; name: string; toml: string }>>;
  /** Computes what each configuration asks of Telegraf again (at start: the plugin catalogue may be newer). */
  refreshRequirements(): Promise<void>;
}

const SORT_COLUMNS: Record<NonNullable<ConfigListQuery['sortBy']>, ConfigSortColumn> = {
  name: 'nameKey',
  updatedAt: 'updatedAt',
  createdAt: 'createdAt',
};

export function presentSummary(
  row: ConfigRow,
  aliases: readonly string[] = [],
  labels: readonly LabelRef[] = [],
  agentCount = 0,
): ConfigSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    publishMode: row.publishMode,
    publishedVersion: row.publishedVersion ?? row.version,
    pinnedVersion: row.pinnedVersion,
    labels: [...labels],
    aliases: [...aliases],
    agentCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedByUsername,
  };
}

export function presentConfig(
  row: ConfigRow,
  aliases?: readonly string[],
  labels?: readonly LabelRef[],
  agentCount?: number,
): Config {
  return { ...presentSummary(row, aliases, labels, agentCount), toml: row.toml };
}

/** 400 invalid_toml with every error Telegraf would stop at, each with its line and column. */
export function assertLoadable(result: ValidationResult): void {
  if (result.valid) return;
  const first = result.errors[0]!;
  throw new AppError('invalid_toml', `Telegraf would refuse this configuration: ${first.message}`, {
    errors: result.errors.map((finding) => ({
      pointer: '/toml',
      message: `line ${finding.line}, column ${finding.column}: ${finding.message}`,
      line: finding.line,
      column: finding.column,
      rule: finding.rule,
    })),
  });
}

export function createConfigsService(db: Kysely<Database>, renderCache: RenderCache, audit: AuditLog): ConfigsService {
  const load = async (id: string): Promise<ConfigRow> => {
    const row = await findConfigRow(db, id);
    if (row === undefined) throw new AppError('not_found', 'No such configuration');
    return row;
  };
  const present = async (row: ConfigRow) =>
    presentConfig(
      row,
      (await aliasNamesOf(db, 'config', [row.id])).get(row.id),
      (await labelsOf(db, 'config', [row.id])).get(row.id),
      (await agentCounts(db, 'configId', [row.id])).get(row.id),
    );
  const assertNameFree = async (name: string, exceptId?: string) => {
    const holder = await findConfigIdByName(db, nameKey(name));
    if (holder !== undefined && holder !== exceptId) {
      throw new AppError('conflict', `A configuration named "${name}" exists already`, {
        errors: [{ pointer: '/name', message: 'is the name of another configuration' }],
      });
    }
  };

  /** Configurations go with their versions (cascade) and their aliases; each deletion is recorded. */
  const removeAll = async (ids: string[], by: ReturnType<typeof performedBy>) => {
    const deleted = await db.transaction().execute(async (trx) => {
      const gone = await deleteConfigs(trx, ids);
      await removeAliasesOf(
        trx,
        'config',
        gone.map((config) => config.id),
      );
      for (const config of gone) {
        await audit.record(trx, {
          ...by,
          action: 'config.delete',
          target: { type: 'config', id: config.id, name: config.name },
          details: { version: config.version },
        });
      }
      return gone.map((config) => config.id);
    });
    renderCache.clear();
    return deleted;
  };

  return {
    async create(actor, { name: given, description, toml, labels = [], note }, heartbeatBaseUrl, origin) {
      const name = normalizeName(given);
      const template = toml ?? newConfigTemplate(heartbeatBaseUrl);
      assertLoadable(validateConfig(template));
      await assertNameFree(name);
      await assertLabelIds(db, labels, '/labels');
      const id = newId();
      const now = new Date().toISOString();
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertConfig(trx, {
            id,
            name,
            nameKey: nameKey(name),
            description: description ?? null,
            toml: template,
            version: 1,
            createdAt: now,
            updatedAt: now,
            updatedBy: actor?.userId ?? null,
            publishMode: 'live',
            publishedVersion: 1,
            publishedAt: now,
            pinnedVersion: null,
            pinnedAt: null,
            pinnedBy: null,
          });
          await insertVersion(trx, {
            configId: id,
            version: 1,
            toml: template,
            note: note ?? 'Initial version',
            authorId: actor?.userId ?? null,
            createdAt: now,
          });
          await linkLabels(trx, 'config', [id], labels);
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'config.create',
            target: { type: 'config', id, name },
            details: { version: 1, ...tomlChange('', template, ['(none)', 'version 1']) },
          });
        });
      await recheckOnUniqueViolation(store, () => assertNameFree(name));
      return present(await load(id));
    },

    async list({ limit = 50, cursor, search, label, sortBy = 'name', sortOrder }) {
      const labelIds = label === undefined ? [] : [label].flat();
      const sort = SORT_COLUMNS[sortBy];
      const descending = (sortOrder ?? (sortBy === 'name' ? 'asc' : 'desc')) === 'desc';
      const kinds = [sort === 'nameKey' ? 'string' : 'timestamp', 'string'] as const;
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2, kinds) as [string, string]);
      const filter = { search, labelIds };
      const rows = await listConfigRows(db, { ...filter, sort, descending, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const ids = page.map((row) => row.id);
      const aliases = await aliasNamesOf(db, 'config', ids);
      const labels = await labelsOf(db, 'config', ids);
      const agents = await agentCounts(db, 'configId', ids);
      return {
        items: page.map((row) => presentSummary(row, aliases.get(row.id), labels.get(row.id), agents.get(row.id))),
        nextCursor: rows.length > limit && last ? encodeCursor([last[sort], last.id]) : null,
        total: await countConfigs(db, filter),
      };
    },

    async get(id) {
      return present(await load(id));
    },

    async update(actor, id, { name: given, description, toml, note, publishMode }, origin, action = 'config.update') {
      const name = given === undefined ? undefined : normalizeName(given);
      const row = await load(id);
      if (name !== undefined) await assertNameFree(name, row.id);
      // Saving the same TOML again is not a change: no version, and agents see the same Last-Modified.
      const tomlChanges = toml !== undefined && toml !== row.toml;
      if (tomlChanges) assertLoadable(validateConfig(toml));
      const now = new Date().toISOString();
      const store = () =>
        db.transaction().execute(async (trx) => {
          await updateConfig(trx, row.id, {
            ...(name !== undefined ? { name, nameKey: nameKey(name) } : {}),
            ...(description !== undefined ? { description } : {}),
            ...(tomlChanges ? { toml, version: row.version + 1 } : {}),
            ...(publishMode !== undefined ? { publishMode } : {}),
            updatedAt: now,
            updatedBy: actor?.userId ?? null,
          });
          // A live configuration serves what was saved, unless it is pinned or a rollout holds it (ADR 27).
          if (tomlChanges) await publishIfLive(trx, row.id, row.version + 1, now);
          if (tomlChanges) {
            await insertVersion(trx, {
              configId: row.id,
              version: row.version + 1,
              toml,
              note: note ?? null,
              authorId: actor?.userId ?? null,
              createdAt: now,
            });
          }
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action,
            target: { type: 'config', id: row.id, name: name ?? row.name },
            details: {
              ...(name !== undefined && name !== row.name ? { name: { from: row.name, to: name } } : {}),
              ...(description !== undefined && description !== row.description
                ? { description: { from: row.description, to: description } }
                : {}),
              ...(publishMode !== undefined && publishMode !== row.publishMode
                ? { publishMode: { from: row.publishMode, to: publishMode } }
                : {}),
              ...(tomlChanges
                ? {
                    version: row.version + 1,
                    ...tomlChange(row.toml, toml, [`version ${row.version}`, `version ${row.version + 1}`]),
                  }
                : {}),
            },
          });
        });
      await recheckOnUniqueViolation(store, async () => {
        if (name !== undefined) await assertNameFree(name, row.id);
        // Two saves of new TOML at once both wrote the next version number: the later one is refused.
        if (tomlChanges) {
          throw new AppError('conflict', 'The configuration was saved by someone else at the same time; reload it', {
            errors: [{ pointer: '/toml', message: 'was changed by another save meanwhile' }],
          });
        }
      });
      // The name is in downloads' file names and in group files' source comments.
      if (tomlChanges || name !== undefined) renderCache.clear();
      return present(await load(id));
    },

    async remove(actor, id, origin) {
      const row = await load(id);
      const agents = (await activeAgentsUsing(db, [row.id])).get(row.id);
      if (agents !== undefined) {
        throw new AppError(
          'config_in_use',
          `Agents that reported within their rule's window load this configuration (${agents.join(', ')}); ` +
            'move them to another configuration first',
          { usedBy: agents },
        );
      }
      await removeAll([row.id], performedBy(actor, origin));
    },

    async removeMany(actor, ids, origin) {
      const unique = [...new Set(ids)];
      const used = await activeAgentsUsing(db, unique);
      const deleted = await removeAll(
        unique.filter((id) => !used.has(id)),
        performedBy(actor, origin),
      );
      return {
        deleted,
        missing: unique.filter((id) => !deleted.includes(id) && !used.has(id)),
        inUse: [...used.keys()],
      };
    },

    validate: validateConfig,
    async validateFor(toml, configId) {
      const result = validateConfig(toml);
      const versions = await versionsLoading(db, configId);
      const warnings = [...result.warnings, ...compatibilityWarnings(telegrafRequirements(toml), versions)];
      return { ...result, warnings: warnings.slice(0, MAX_TOML_FINDINGS) };
    },
    async startCommand(id, input) {
      const row = await load(id);
      return buildStartCommand({
        ...input,
        tomlPath: `/api/configs/${row.id}/toml`,
        template: row.toml,
      });
    },
    templates: () => allConfigTemplates(db),
    refreshRequirements: () => refreshRequirements(db),
  };
}
