import type { Kysely } from 'kysely';
import type {
  Constant,
  ConstantCreate,
  ConstantList,
  ConstantListQuery,
  ConstantUpdate,
} from '@telegraf-controller/contract/configs';
import { DEFAULT_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import type { ConstantsTable, Database } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import { AppError } from '../../http/errors.js';
import { summarizePlaceholders } from '../configs/toml/placeholders.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import {
  countConstants,
  deleteConstant,
  findConstantRow,
  insertConstant,
  listConstantPage,
  listConstantRows,
  updateConstant,
} from './constants.repo.js';
import type { Identity } from '../../http/access.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

export interface ConstantUse {
  id: string;
  name: string;
}

export interface ConstantsService {
  /** By name, a page at a time; `search` matches name, value and description. */
  list(query: ConstantListQuery): Promise<ConstantList>;
  get(name: string): Promise<Constant & { usedBy: ConstantUse[] }>;
  /** Changes are audited without values: a constant may hold a credential. */
  create(actor: Identity | null, request: ConstantCreate, origin: RequestOrigin): Promise<Constant>;
  update(actor: Identity | null, name: string, changes: ConstantUpdate, origin: RequestOrigin): Promise<Constant>;
  remove(actor: Identity | null, name: string, origin: RequestOrigin): Promise<void>;
  /** name → value, for rendering. */
  values(): Promise<Record<string, string>>;
}

export interface ConstantsDeps {
  audit: AuditLog;
  /** Every stored template, to count and list where a constant is used. */
  templates: () => Promise<Array<{ id: string; name: string; toml: string }>>;
  /** Called after any change that can alter rendered TOML. */
  onChanged: () => void;
}

export function createConstantsService(db: Kysely<Database>, deps: ConstantsDeps): ConstantsService {
  const target = (name: string) => ({ type: 'constant', id: name, name });
  const usage = async (): Promise<Map<string, ConstantUse[]>> => {
    const uses = new Map<string, ConstantUse[]>();
    for (const template of await deps.templates()) {
      for (const name of summarizePlaceholders(template.toml).constants) {
        uses.set(name, [...(uses.get(name) ?? []), { id: template.id, name: template.name }]);
      }
    }
    return uses;
  };
  const present = (row: ConstantsTable, uses: Map<string, ConstantUse[]>): Constant => ({
    name: row.name,
    value: row.value,
    description: row.description,
    usage: uses.get(row.name)?.length ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  const load = async (name: string) => {
    const row = await findConstantRow(db, name);
    if (row === undefined) throw new AppError('not_found', `No constant named ${name}`);
    return row;
  };

  return {
    async list({ limit = DEFAULT_PAGE_ITEMS, cursor, search }) {
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 1, ['string']) as [string]);
      const rows = await listConstantPage(db, { search, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const uses = await usage();
      return {
        items: page.map((row) => present(row, uses)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.name]) : null,
        total: await countConstants(db, search),
      };
    },

    async get(name) {
      const uses = await usage();
      return { ...present(await load(name), uses), usedBy: uses.get(name) ?? [] };
    },

    async create(actor, { name, value, description }, origin) {
      const assertNameFree = async () => {
        if (await findConstantRow(db, name)) {
          throw new AppError('conflict', `A constant named ${name} exists already`, {
            errors: [{ pointer: '/name', message: 'is the name of another constant' }],
          });
        }
      };
      await assertNameFree();
      const now = new Date().toISOString();
      const row = { name, value, description: description ?? null, createdAt: now, updatedAt: now };
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertConstant(trx, row);
          await deps.audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'constant.create',
            target: target(name),
          });
        });
      await recheckOnUniqueViolation(store, assertNameFree);
      deps.onChanged();
      return present(row, await usage());
    },

    async update(actor, name, { value, description }, origin) {
      const row = await load(name);
      // Only a new value changes rendered TOML; an identical save changes nothing agents can see.
      const valueChanges = value !== undefined && value !== row.value;
      await db.transaction().execute(async (trx) => {
        await updateConstant(trx, name, {
          ...(valueChanges ? { value } : {}),
          ...(description !== undefined ? { description } : {}),
          updatedAt: new Date().toISOString(),
        });
        await deps.audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'constant.update',
          target: target(name),
          details: {
            valueChanged: valueChanges,
            ...(description !== undefined && description !== row.description
              ? { description: { from: row.description, to: description } }
              : {}),
          },
        });
      });
      if (valueChanges) deps.onChanged();
      return present(await load(name), await usage());
    },

    async remove(actor, name, origin) {
      await load(name);
      const users = (await usage()).get(name) ?? [];
      if (users.length > 0) {
        throw new AppError('constant_in_use', `${name} is used by: ${users.map((c) => c.name).join(', ')}`, {
          usedBy: users,
        });
      }
      await db.transaction().execute(async (trx) => {
        await deleteConstant(trx, name);
        await deps.audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'constant.delete',
          target: target(name),
        });
      });
      deps.onChanged();
    },

    async values() {
      return Object.fromEntries((await listConstantRows(db)).map((row) => [row.name, row.value]));
    },
  };
}
