import type { Kysely } from 'kysely';
import type {
  BulkDeleteResult,
  BulkLabelsResult,
  Label,
  LabelCreate,
  LabelList,
  LabelListQuery,
  LabelUpdate,
} from '@telegraf-controller/contract/labels';
import type { Database, LabelsTable } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { existingTargets, labelUsage, linkLabels, unlinkLabels, type LabelTarget } from './label-links.js';
import {
  countLabels,
  deleteLabels,
  existingLabelIds,
  findLabelIdByName,
  findLabelRow,
  insertLabel,
  listLabelRows,
  updateLabel,
} from './labels.repo.js';
import { nameKey, normalizeName } from '../../lib/text.js';
import type { Identity } from '../../http/access.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { ID_SAMPLE } from '../agents/status-scheduler.js';

export interface LabelsService {
  list(query: LabelListQuery): Promise<LabelList>;
  get(id: string): Promise<Label>;
  create(actor: Identity | null, request: LabelCreate, origin: RequestOrigin): Promise<Label>;
  update(actor: Identity | null, id: string, changes: LabelUpdate, origin: RequestOrigin): Promise<Label>;
  remove(actor: Identity | null, id: string, origin: RequestOrigin): Promise<void>;
  removeMany(actor: Identity | null, ids: readonly string[], origin: RequestOrigin): Promise<BulkDeleteResult>;
  /** Puts every label on every target that exists (400 for an unknown label); `missing` lists unknown targets. */
  assign(
    actor: Identity | null,
    target: LabelTarget,
    ids: readonly string[],
    labelIds: readonly string[],
    origin: RequestOrigin,
  ): Promise<BulkLabelsResult>;
  unassign(
    actor: Identity | null,
    target: LabelTarget,
    ids: readonly string[],
    labelIds: readonly string[],
    origin: RequestOrigin,
  ): Promise<BulkLabelsResult>;
}

/** 400 naming the first id that is not a label; `pointer` is where the ids came from (`/labels`). */
export async function assertLabelIds(db: Kysely<Database>, labelIds: readonly string[], pointer: string) {
  const known = await existingLabelIds(db, labelIds);
  const index = labelIds.findIndex((id) => !known.has(id));
  if (index >= 0) {
    throw new AppError('validation_failed', `No label ${labelIds[index]}`, {
      errors: [{ pointer: `${pointer}/${index}`, message: 'is not a label' }],
    });
  }
}

/** The kinds of targets whose link tables exist. */
const TARGETS: readonly LabelTarget[] = ['config', 'group', 'agent'];

/** `onChanged` hears of every change to what carries which label, and of deleted labels. */
export function createLabelsService(
  db: Kysely<Database>,
  { onChanged = () => undefined, audit }: { onChanged?: () => void; audit: AuditLog },
): LabelsService {
  const present = async (rows: LabelsTable[]): Promise<Label[]> => {
    const usage = await labelUsage(
      db,
      rows.map((row) => row.id),
      TARGETS,
    );
    return rows.map((row) => {
      const counts = usage.get(row.id)!;
      return {
        id: row.id,
        name: row.name,
        color: row.color,
        description: row.description,
        usage: { configs: counts.config, configGroups: counts.group, agents: counts.agent },
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
    });
  };
  const load = async (id: string) => {
    const row = await findLabelRow(db, id);
    if (row === undefined) throw new AppError('not_found', 'No such label');
    return row;
  };
  const assertNameFree = async (name: string, exceptId?: string) => {
    const holder = await findLabelIdByName(db, nameKey(name));
    if (holder !== undefined && holder !== exceptId) {
      throw new AppError('conflict', `A label named "${normalizeName(name)}" exists already`, {
        errors: [{ pointer: '/name', message: 'is the name of another label' }],
      });
    }
  };
  const get = async (id: string) => (await present([await load(id)]))[0]!;
  const change = async (
    by: ReturnType<typeof performedBy>,
    target: LabelTarget,
    ids: readonly string[],
    labelIds: readonly string[],
    apply: typeof linkLabels,
  ): Promise<BulkLabelsResult> => {
    await assertLabelIds(db, labelIds, '/labelIds');
    const found = await existingTargets(db, target, ids);
    const changed = await db.transaction().execute(async (trx) => {
      const done = await apply(trx, target, [...found], labelIds);
      await audit.record(trx, {
        ...by,
        action: apply === linkLabels ? 'label.assign' : 'label.unassign',
        details: { targetType: target, ids: [...found].slice(0, ID_SAMPLE), count: found.size, labelIds },
      });
      return done;
    });
    onChanged();
    return { changed, missing: ids.filter((id) => !found.has(id)) };
  };

  const removeLabels = (ids: readonly string[], by: ReturnType<typeof performedBy>) =>
    db.transaction().execute(async (trx) => {
      const deleted = await deleteLabels(trx, ids);
      for (const id of deleted)
        await audit.record(trx, { ...by, action: 'label.delete', target: { type: 'label', id, name: null } });
      return deleted;
    });

  return {
    async list({ limit = 50, cursor, search }) {
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 2) as [string, string]);
      const rows = await listLabelRows(db, { search, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: await present(page),
        nextCursor: rows.length > limit && last ? encodeCursor([last.nameKey, last.id]) : null,
        total: await countLabels(db, search),
      };
    },
    get,
    async create(actor, { name, color, description }, origin) {
      await assertNameFree(name);
      const now = new Date().toISOString();
      const id = newId();
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertLabel(trx, {
            id,
            name: normalizeName(name),
            nameKey: nameKey(name),
            color: color?.toLowerCase() ?? null,
            description: description ?? null,
            createdAt: now,
            updatedAt: now,
          });
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'label.create',
            target: { type: 'label', id, name: normalizeName(name) },
          });
        });
      await recheckOnUniqueViolation(store, () => assertNameFree(name));
      return get(id);
    },
    async update(actor, id, { name, color, description }, origin) {
      const row = await load(id);
      if (name !== undefined) await assertNameFree(name, row.id);
      const store = () =>
        db.transaction().execute(async (trx) => {
          await updateLabel(trx, row.id, {
            ...(name !== undefined ? { name: normalizeName(name), nameKey: nameKey(name) } : {}),
            ...(color !== undefined ? { color: color?.toLowerCase() ?? null } : {}),
            ...(description !== undefined ? { description } : {}),
            updatedAt: new Date().toISOString(),
          });
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'label.update',
            target: { type: 'label', id: row.id, name: name === undefined ? row.name : normalizeName(name) },
            details: { name, color, description },
          });
        });
      await recheckOnUniqueViolation(store, async () => {
        if (name !== undefined) await assertNameFree(name, row.id);
      });
      return get(row.id);
    },
    async remove(actor, id, origin) {
      await removeLabels([(await load(id)).id], performedBy(actor, origin));
      onChanged();
    },
    async removeMany(actor, ids, origin) {
      const unique = [...new Set(ids)];
      const deleted = await removeLabels(unique, performedBy(actor, origin));
      onChanged();
      return { deleted, missing: unique.filter((id) => !deleted.includes(id)) };
    },
    assign: (actor, target, ids, labelIds, origin) =>
      change(performedBy(actor, origin), target, ids, labelIds, linkLabels),
    unassign: (actor, target, ids, labelIds, origin) =>
      change(performedBy(actor, origin), target, ids, labelIds, unlinkLabels),
  };
}
