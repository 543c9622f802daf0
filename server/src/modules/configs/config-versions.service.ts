import type { Kysely } from 'kysely';
import type {
  Config,
  ConfigVersion,
  ConfigVersionDetail,
  ConfigVersionList,
  ConfigVersionListQuery,
} from '@telegraf-controller/contract/configs';
import { DEFAULT_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import type { Database } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { unifiedDiff } from '../../lib/diff.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { ConfigsService } from './configs.service.js';
import {
  countVersions,
  deleteVersionRows,
  servedVersions,
  findConfigRow,
  findVersionRow,
  listVersionPage,
  listVersionRows,
  updateVersionNote,
  type VersionRow,
} from './configs.repo.js';

export interface PruneCriteria {
  versions?: number[];
  before?: number;
  beforeDate?: string;
}

export interface ConfigVersionsService {
  /** Newest first, a page at a time. */
  list(configId: string, query: ConfigVersionListQuery): Promise<ConfigVersionList>;
  get(configId: string, version: number, compareTo?: number): Promise<ConfigVersionDetail>;
  setNote(
    actor: Identity | null,
    configId: string,
    version: number,
    note: string | null,
    origin: RequestOrigin,
  ): Promise<ConfigVersion>;
  rollback(actor: Identity | null, configId: string, version: number, origin: RequestOrigin): Promise<Config>;
  prune(
    actor: Identity | null,
    configId: string,
    criteria: PruneCriteria,
    origin: RequestOrigin,
  ): Promise<{ pruned: number[] }>;
}

export function createConfigVersionsService(
  db: Kysely<Database>,
  configs: ConfigsService,
  audit: AuditLog,
): ConfigVersionsService {
  const current = async (configId: string) => {
    const row = await findConfigRow(db, configId);
    if (row === undefined) throw new AppError('not_found', 'No such configuration');
    return row.version;
  };
  const load = async (configId: string, version: number): Promise<VersionRow> => {
    const row = await findVersionRow(db, configId, version);
    if (row === undefined)
      throw new AppError('not_found', `Version ${version} does not exist (it may have been pruned)`);
    return row;
  };
  const present = (row: VersionRow, currentVersion: number): ConfigVersion => ({
    version: row.version,
    note: row.note,
    author: row.authorUsername,
    createdAt: row.createdAt,
    current: row.version === currentVersion,
    approvedAt: row.approvedAt,
    approvedBy: row.approverUsername,
  });

  return {
    async list(configId, { limit = DEFAULT_PAGE_ITEMS, cursor }) {
      const after = cursor === undefined ? undefined : (decodeCursor(cursor, 1, ['integer']) as [number]);
      const currentVersion = await current(configId);
      const rows = await listVersionPage(db, configId, { after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => present(row, currentVersion)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.version]) : null,
        total: await countVersions(db, configId),
      };
    },

    async get(configId, version, compareTo) {
      const currentVersion = await current(configId);
      const row = await load(configId, version);
      const detail: ConfigVersionDetail = { ...present(row, currentVersion), toml: row.toml };
      if (compareTo !== undefined) {
        const base = await load(configId, compareTo);
        detail.diff = unifiedDiff(base.toml, row.toml, [`version ${compareTo}`, `version ${version}`]);
      }
      return detail;
    },

    async setNote(actor, configId, version, note, origin) {
      const currentVersion = await current(configId);
      const before = await load(configId, version);
      await db.transaction().execute(async (trx) => {
        await updateVersionNote(trx, configId, version, note);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'config.version.note',
          target: { type: 'config', id: configId, name: null },
          details: { version, note: { from: before.note, to: note } },
        });
      });
      return present(await load(configId, version), currentVersion);
    },

    async rollback(actor, configId, version, origin) {
      const currentVersion = await current(configId);
      if (version === currentVersion) throw new AppError('conflict', `Version ${version} is the current version`);
      const row = await load(configId, version);
      // A rollback is a new version with the old TOML, so history only grows and agents reload.
      const note = `Rolled back to version ${version}`;
      return configs.update(actor, configId, { toml: row.toml, note }, origin, 'config.rollback');
    },

    async prune(actor, configId, { versions, before, beforeDate }, origin) {
      const currentVersion = await current(configId);
      const rows = await listVersionRows(db, configId);
      const chosen = rows.filter(
        (row) =>
          (versions?.includes(row.version) ?? false) ||
          (before !== undefined && row.version < before) ||
          (beforeDate !== undefined && row.createdAt < new Date(beforeDate).toISOString()),
      );
      // The current version is never pruned, nor the last one left, nor one agents may be served (ADR 27).
      const pruned = await db.transaction().execute(async (trx) => {
        const served = await servedVersions(trx, configId);
        const gone = chosen
          .map((row) => row.version)
          .filter((version) => version !== currentVersion && !served.has(version))
          .sort((a, b) => a - b);
        await deleteVersionRows(trx, configId, gone);
        if (gone.length > 0) {
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'config.version.prune',
            target: { type: 'config', id: configId, name: null },
            details: { versions: gone },
          });
        }
        return gone;
      });
      return { pruned };
    },
  };
}
