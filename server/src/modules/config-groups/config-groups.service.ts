import type { Kysely } from 'kysely';
import type {
  ConfigGroup,
  ConfigGroupCreate,
  ConfigGroupList,
  ConfigGroupUpdate,
} from '@telegraf-controller/contract/configs';
import type { Database } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { aliasNamesOf, removeAliasesOf } from '../aliases/aliases.service.js';
import type { ConfigsService } from '../configs/configs.service.js';
import type { RenderCache } from '../configs/render-cache.js';
import {
  deleteGroup,
  findGroupIdByName,
  findGroupRow,
  insertGroup,
  listGroupRows,
  membersOf,
  replaceMembers,
  updateGroup,
  type GroupRow,
} from './config-groups.repo.js';

export interface ConfigGroupsService {
  list(): Promise<ConfigGroupList>;
  get(id: string): Promise<ConfigGroup>;
  create(actor: Identity | null, request: ConfigGroupCreate): Promise<ConfigGroup>;
  update(actor: Identity | null, id: string, changes: ConfigGroupUpdate): Promise<ConfigGroup>;
  remove(id: string): Promise<void>;
}

export function createConfigGroupsService(
  db: Kysely<Database>,
  configs: ConfigsService,
  renderCache: RenderCache,
): ConfigGroupsService {
  const present = async (rows: GroupRow[]): Promise<ConfigGroup[]> => {
    const ids = rows.map((row) => row.id);
    const members = await membersOf(db, ids);
    const aliases = await aliasNamesOf(db, 'group', ids);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      configIds: members.get(row.id) ?? [],
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
  const assertName = async (name: string, exceptId?: string) => {
    const holder = await findGroupIdByName(db, name.toLowerCase());
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
    async list() {
      return { items: await present(await listGroupRows(db)) };
    },

    async get(id) {
      return (await present([await load(id)]))[0]!;
    },

    async create(actor, { name, description, configIds = [] }) {
      await assertName(name);
      await assertMembers(configIds);
      const id = newId();
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await insertGroup(trx, {
          id,
          name,
          nameKey: name.toLowerCase(),
          description: description ?? null,
          createdAt: now,
          updatedAt: now,
          updatedBy: actor?.userId ?? null,
        });
        await replaceMembers(trx, id, configIds);
      });
      return (await present([await load(id)]))[0]!;
    },

    async update(actor, id, { name, description, configIds }) {
      const row = await load(id);
      if (name !== undefined) await assertName(name, row.id);
      if (configIds !== undefined) await assertMembers(configIds);
      await db.transaction().execute(async (trx) => {
        await updateGroup(trx, row.id, {
          ...(name !== undefined ? { name, nameKey: name.toLowerCase() } : {}),
          ...(description !== undefined ? { description } : {}),
          updatedAt: new Date().toISOString(),
          updatedBy: actor?.userId ?? null,
        });
        if (configIds !== undefined) await replaceMembers(trx, row.id, configIds);
      });
      renderCache.clear();
      return (await present([await load(id)]))[0]!;
    },

    async remove(id) {
      const row = await load(id);
      await db.transaction().execute(async (trx) => {
        await deleteGroup(trx, row.id);
        await removeAliasesOf(trx, 'group', [row.id]);
      });
      renderCache.clear();
    },
  };
}
