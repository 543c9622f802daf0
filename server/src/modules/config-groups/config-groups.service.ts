import type { Kysely } from 'kysely';
import type {
  ConfigGroup,
  ConfigGroupCreate,
  ConfigGroupList,
  ConfigGroupListQuery,
  ConfigGroupPreview,
  ConfigGroupUpdate,
  StartCommand,
} from '@telegraf-controller/contract/configs';
import type { Database } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { agentCounts } from '../agents/agent-usage.js';
import { newId } from '../../lib/ids.js';
import { buildStartCommand, type CommandOptions } from '../configs/config-command.js';
import { labelsOf, linkLabels } from '../labels/label-links.js';
import { assertLabelIds } from '../labels/labels.service.js';
import { aliasNamesOf, removeAliasesOf } from '../aliases/aliases.service.js';
import type { ConfigsService } from '../configs/configs.service.js';
import type { RenderCache } from '../configs/render-cache.js';
import {
  countGroups,
  deleteGroup,
  findGroupIdByName,
  findGroupRow,
  insertGroup,
  listGroupRows,
  membersOf,
  replaceMembers,
  updateGroup,
  type GroupRow,
  type GroupSortColumn,
} from './config-groups.repo.js';
import { nameKey, normalizeName } from '../../lib/text.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

export interface ConfigGroupsService {
  list(query: ConfigGroupListQuery): Promise<ConfigGroupList>;
  get(id: string): Promise<ConfigGroup>;
  create(actor: Identity | null, request: ConfigGroupCreate, origin: RequestOrigin): Promise<ConfigGroup>;
  update(actor: Identity | null, id: string, changes: ConfigGroupUpdate, origin: RequestOrigin): Promise<ConfigGroup>;
  remove(actor: Identity | null, id: string, origin: RequestOrigin): Promise<void>;
  /** The members' templates merged in order, placeholders as written, with what validation finds. */
  preview(id: string): Promise<ConfigGroupPreview>;
  startCommand(id: string, input: CommandOptions): Promise<StartCommand>;
}

const SORT_COLUMNS: Record<NonNullable<ConfigGroupListQuery['sortBy']>, GroupSortColumn> = {
  name: 'nameKey',
  updatedAt: 'updatedAt',
  createdAt: 'createdAt',
};

/**
 * The comment that opens each member's part of a merged group file. Names cannot hold line breaks, and any control
 * character is written as a space here anyway: a name never changes what the file contains beyond this comment.
 */
export function sourceComment(config: { id: string; name: string }): string {
  return `# — from: ${normalizeName(config.name)} (${config.id}) —`;
}

export function createConfigGroupsService(
  db: Kysely<Database>,
  configs: ConfigsService,
  renderCache: RenderCache,
  audit: AuditLog,
): ConfigGroupsService {
  const present = async (rows: GroupRow[]): Promise<ConfigGroup[]> => {
    const ids = rows.map((row) => row.id);
    const members = await membersOf(db, ids);
    const aliases = await aliasNamesOf(db, 'group', ids);
    const labels = await labelsOf(db, 'group', ids);
    const agents = await agentCounts(db, 'groupId', ids);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      configIds: members.get(row.id) ?? [],
      labels: labels.get(row.id) ?? [],
      agentCount: agents.get(row.id) ?? 0,
      aliases: aliases.get(row.id) ?? [],
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedByUsername,
    }));
  };
  const load = async (id: string) => {
    const row = await findGroupRow(db, id);
    if (row === undefined) throw new AppError('not_found', 'No such configuration group');
    return row;
  };
  const memberConfigs = async (groupId: string) =>
    Promise.all((await membersOf(db, [groupId])).get(groupId)!.map((configId) => configs.get(configId)));
  const assertName = async (name: string, exceptId?: string) => {
    const holder = await findGroupIdByName(db, nameKey(name));
    if (holder !== undefined && holder !== exceptId) {
      throw new AppError('conflict', `A configuration group named "${name}" exists already`, {
        errors: [{ pointer: '/name', message: 'is the name of another configuration group' }],
      });
    }
  };
  const assertMembers = async (configIds: readonly string[]) => {
    for (const [index, id] of configIds.entries()) {
      await configs.get(id).catch(() => {
        throw new AppError('validation_failed', `No configuration ${id}`, {
          errors: [{ pointer: `/configIds/${index}`, message: 'is not a configuration' }],
        });
      });
    }
  };

  return {
    async list({ limit = 50, cursor, search, label, sortBy = 'name', sortOrder }) {
      const sort = SORT_COLUMNS[sortBy];
      const descending = (sortOrder ?? (sortBy === 'name' ? 'asc' : 'desc')) === 'desc';
      const kinds = [sort === 'nameKey' ? 'string' : 'timestamp', 'string'] as const;
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2, kinds) as [string, string]);
      const filter = { search, labelIds: label === undefined ? [] : [label].flat() };
      const rows = await listGroupRows(db, { ...filter, sort, descending, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await present(page),
        nextCursor: rows.length > limit && last ? encodeCursor([last[sort], last.id]) : null,
        total: await countGroups(db, filter),
      };
    },

    async get(id) {
      return (await present([await load(id)]))[0]!;
    },

    async create(actor, { name: given, description, configIds = [], labels = [] }, origin) {
      const name = normalizeName(given);
      await assertName(name);
      await assertMembers(configIds);
      await assertLabelIds(db, labels, '/labels');
      const id = newId();
      const now = new Date().toISOString();
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertGroup(trx, {
            id,
            name,
            nameKey: nameKey(name),
            description: description ?? null,
            createdAt: now,
            updatedAt: now,
            updatedBy: actor?.userId ?? null,
          });
          await replaceMembers(trx, id, configIds);
          await linkLabels(trx, 'group', [id], labels);
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'config_group.create',
            target: { type: 'config_group', id, name },
            details: { configIds },
          });
        });
      await recheckOnUniqueViolation(store, () => assertName(name));
      return (await present([await load(id)]))[0]!;
    },

    async update(actor, id, { name: given, description, configIds }, origin) {
      const name = given === undefined ? undefined : normalizeName(given);
      const row = await load(id);
      if (name !== undefined) await assertName(name, row.id);
      if (configIds !== undefined) await assertMembers(configIds);
      const store = () =>
        db.transaction().execute(async (trx) => {
          await updateGroup(trx, row.id, {
            ...(name !== undefined ? { name, nameKey: nameKey(name) } : {}),
            ...(description !== undefined ? { description } : {}),
            updatedAt: new Date().toISOString(),
            updatedBy: actor?.userId ?? null,
          });
          if (configIds !== undefined) await replaceMembers(trx, row.id, configIds);
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'config_group.update',
            target: { type: 'config_group', id: row.id, name: name ?? row.name },
            details: {
              ...(name !== undefined && name !== row.name ? { name: { from: row.name, to: name } } : {}),
              ...(description !== undefined ? { description } : {}),
              ...(configIds !== undefined ? { configIds } : {}),
            },
          });
        });
      await recheckOnUniqueViolation(store, async () => {
        if (name !== undefined) await assertName(name, row.id);
      });
      renderCache.clear();
      return (await present([await load(id)]))[0]!;
    },

    async remove(actor, id, origin) {
      const row = await load(id);
      await db.transaction().execute(async (trx) => {
        await deleteGroup(trx, row.id);
        await removeAliasesOf(trx, 'group', [row.id]);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'config_group.delete',
          target: { type: 'config_group', id: row.id, name: row.name },
        });
      });
      renderCache.clear();
    },

    async preview(id) {
      const members = await memberConfigs((await load(id)).id);
      const toml = members.map((config) => `${sourceComment(config)}\n${config.toml}`).join('\n');
      return {
        toml,
        sources: members.map(({ id, name }) => ({ id, name })),
        validation: configs.validate(toml),
      };
    },

    async startCommand(id, input) {
      const row = await load(id);
      const members = await memberConfigs(row.id);
      const template = members.map((config) => config.toml).join('\n');
      return buildStartCommand({ ...input, tomlPath: `/api/config-groups/${row.id}/toml`, template });
    },
  };
}
