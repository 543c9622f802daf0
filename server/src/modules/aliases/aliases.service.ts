import type { Kysely, Transaction } from 'kysely';
import {
  RESERVED_ALIASES,
  type Alias,
  type AliasList,
  type AliasListQuery,
} from '@telegraf-controller/contract/configs';
import { DEFAULT_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import type { AliasesTable, Database } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { isUuid } from '../../lib/ids.js';
import { agentsThroughAliases } from '../agents/agent-usage.js';
import {
  aliasesOf,
  countAliasesOf,
  deleteAlias,
  deleteAliasesOf,
  findAliasRow,
  insertAlias,
  listAliasPage,
  retargetAlias,
} from './aliases.repo.js';
import type { performedBy } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

export interface AliasesService {
  /** A configuration id, or an alias that points at a configuration, to the configuration's id. */
  resolveConfig(idOrAlias: string): Promise<string>;
  /** The same for configuration groups. */
  resolveGroup(idOrAlias: string): Promise<string>;
  /** What an alias names. */
  resolve(alias: string): Promise<Pick<AliasesTable, 'targetType' | 'targetId'>>;
  /** A target's aliases by name, a page at a time, each with the agents loading the target through it. */
  listFor(targetType: AliasesTable['targetType'], targetId: string, query: AliasListQuery): Promise<AliasList>;
  add(by: AuditedBy, targetType: AliasesTable['targetType'], targetId: string, alias: string): Promise<Alias>;
  remove(by: AuditedBy, targetType: AliasesTable['targetType'], targetId: string, alias: string): Promise<void>;
  transfer(
    by: AuditedBy,
    alias: string,
    target: { targetType: AliasesTable['targetType']; targetId: string },
  ): Promise<Alias>;
}

export interface AliasesDeps {
  /** Throws not_found unless the target exists. */
  assertTarget: (targetType: AliasesTable['targetType'], targetId: string) => Promise<void>;
  /** An alias change moves what its URL serves. */
  onChanged: () => void;
  audit: AuditLog;
}

/** Who changes an alias, from where (see `performedBy`). */
type AuditedBy = ReturnType<typeof performedBy>;

/** Inside the transaction that deletes configurations or groups: their aliases go too. */
export async function removeAliasesOf(
  trx: Transaction<Database>,
  targetType: AliasesTable['targetType'],
  targetIds: readonly string[],
): Promise<void> {
  await deleteAliasesOf(trx, targetType, targetIds);
}

/** Alias names per target, for presenting configurations and groups. */
export async function aliasNamesOf(
  db: Kysely<Database>,
  targetType: AliasesTable['targetType'],
  targetIds: readonly string[],
): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const row of await aliasesOf(db, targetType, targetIds)) {
    names.set(row.targetId, [...(names.get(row.targetId) ?? []), row.alias]);
  }
  return names;
}

export function createAliasesService(db: Kysely<Database>, deps: AliasesDeps): AliasesService {
  const present = async (rows: AliasesTable[]): Promise<Alias[]> => {
    const agents = await agentsThroughAliases(db, rows);
    return rows.map((row) => ({ ...row, agents: agents.get(row.alias) ?? 0 }));
  };
  const presentOne = async (row: AliasesTable): Promise<Alias> => (await present([row]))[0]!;

  return {
    async resolveConfig(idOrAlias) {
      if (isUuid(idOrAlias)) return idOrAlias;
      const row = await findAliasRow(db, idOrAlias.toLowerCase());
      if (row === undefined || row.targetType !== 'config') throw new AppError('not_found', 'No such configuration');
      return row.targetId;
    },

    async resolveGroup(idOrAlias) {
      if (isUuid(idOrAlias)) return idOrAlias;
      const row = await findAliasRow(db, idOrAlias.toLowerCase());
      if (row === undefined || row.targetType !== 'group')
        throw new AppError('not_found', 'No such configuration group');
      return row.targetId;
    },

    async resolve(alias) {
      const row = await findAliasRow(db, alias.toLowerCase());
      if (row === undefined) throw new AppError('not_found', `No alias "${alias}"`);
      return { targetType: row.targetType, targetId: row.targetId };
    },

    async listFor(targetType, targetId, { limit = DEFAULT_PAGE_ITEMS, cursor }) {
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 1, ['string']) as [string]);
      await deps.assertTarget(targetType, targetId);
      const target = { targetType, targetId };
      const rows = await listAliasPage(db, target, { after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await present(page),
        nextCursor: rows.length > limit && last ? encodeCursor([last.alias]) : null,
        total: await countAliasesOf(db, target),
      };
    },

    async add(by, targetType, targetId, alias) {
      await deps.assertTarget(targetType, targetId);
      if ((RESERVED_ALIASES as readonly string[]).includes(alias)) {
        throw new AppError('validation_failed', `"${alias}" is reserved`, {
          errors: [{ pointer: '/alias', message: 'is a reserved word (bulk, duplicate, many)' }],
        });
      }
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(alias) || alias.length === 36) {
        throw new AppError('validation_failed', 'An alias must not look like an id', {
          errors: [{ pointer: '/alias', message: 'must not be shaped like a 36-character id' }],
        });
      }
      const assertFree = async () => {
        const holder = await findAliasRow(db, alias);
        if (holder !== undefined) {
          throw new AppError('alias_conflict', `"${alias}" already points at ${holder.targetType} ${holder.targetId}`, {
            errors: [{ pointer: '/alias', message: `is taken by ${holder.targetType} ${holder.targetId}` }],
            holder: { targetType: holder.targetType, targetId: holder.targetId },
          });
        }
      };
      await assertFree();
      const now = new Date().toISOString();
      const row = { alias, targetType, targetId, createdAt: now, updatedAt: now };
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertAlias(trx, row);
          await deps.audit.record(trx, {
            ...by,
            action: 'alias.create',
            target: { type: 'alias', id: alias, name: alias },
            details: { targetType, targetId },
          });
        });
      await recheckOnUniqueViolation(store, assertFree);
      deps.onChanged();
      return presentOne(row);
    },

    async remove(by, targetType, targetId, alias) {
      const row = await findAliasRow(db, alias);
      if (row === undefined || row.targetType !== targetType || row.targetId !== targetId) {
        throw new AppError('not_found', `No alias "${alias}" here`);
      }
      await db.transaction().execute(async (trx) => {
        await deleteAlias(trx, alias);
        await deps.audit.record(trx, {
          ...by,
          action: 'alias.delete',
          target: { type: 'alias', id: alias, name: alias },
          details: { targetType, targetId },
        });
      });
      deps.onChanged();
    },

    async transfer(by, alias, target) {
      const before = await findAliasRow(db, alias);
      if (before === undefined) throw new AppError('not_found', `No alias "${alias}"`);
      await deps.assertTarget(target.targetType, target.targetId);
      await db.transaction().execute(async (trx) => {
        await retargetAlias(trx, alias, target);
        await deps.audit.record(trx, {
          ...by,
          action: 'alias.transfer',
          target: { type: 'alias', id: alias, name: alias },
          details: {
            from: { targetType: before.targetType, targetId: before.targetId },
            to: target,
          },
        });
      });
      deps.onChanged();
      return presentOne((await findAliasRow(db, alias))!);
    },
  };
}
