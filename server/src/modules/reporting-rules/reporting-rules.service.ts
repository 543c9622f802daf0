import type { Kysely, Transaction } from 'kysely';
import type {
  ReportingRule,
  ReportingRuleCreate,
  ReportingRuleList,
  ReportingRuleListQuery,
  ReportingRuleUpdate,
} from '@telegraf-controller/contract/reporting-rules';
import type { Database } from '../../db/schema.js';
import { recheckOnUniqueViolation } from '../../db/unique-violation.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import {
  countRules,
  deleteNonDefaultRule,
  findDefaultRule,
  findRuleRow,
  insertDefaultRuleIfNone,
  insertRule,
  listRuleRows,
  reassignAgents,
  setDefaultRule,
  updateRule,
  type ReportingRuleRow,
  type RuleListKey,
} from './reporting-rules.repo.js';
import { normalizeName } from '../../lib/text.js';
import type { Identity } from '../../http/access.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';

/** The rule every new agent gets: Not Reporting after three missed one-minute heartbeats, never auto-deleted. */
export const DEFAULT_RULE = {
  description: 'Default: not reporting after 3 minutes of silence',
  notReportingAfterSeconds: 180,
  /** Silent or degrading after three heartbeats in a row. */
  afterBeats: 3,
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
    silentAfterBeats: DEFAULT_RULE.afterBeats,
    degradingAfterBeats: DEFAULT_RULE.afterBeats,
    createdAt: now,
    updatedAt: now,
  });
}

export interface ReportingRulesService {
  list(query: ReportingRuleListQuery): Promise<ReportingRuleList>;
  get(id: string): Promise<ReportingRule>;
  create(actor: Identity | null, request: ReportingRuleCreate, origin: RequestOrigin): Promise<ReportingRule>;
  update(
    actor: Identity | null,
    id: string,
    changes: ReportingRuleUpdate,
    origin: RequestOrigin,
  ): Promise<ReportingRule>;
  /** Moves the rule's agents to the default rule, then deletes it; 409 `default_rule` for the default. */
  remove(actor: Identity | null, id: string, origin: RequestOrigin): Promise<void>;
  makeDefault(actor: Identity | null, id: string, origin: RequestOrigin): Promise<ReportingRule>;
  /** The rule a newly seen agent gets. */
  defaultRuleId(): Promise<string>;
}

export interface ReportingRulesDeps {
  /** Called after every change, so readers that cache rules (heartbeat ingest, scheduler) reload them. */
  onChanged?: () => void;
  /** Absent only where start-up seeds the default rule, which no one did. */
  audit?: AuditLog;
}

const DEFAULT_RULE_STAYS = 'make another rule the default first';

/** Run after the one-default index refused a write: two requests made different rules the default at once. */
async function refuseConcurrentDefault(): Promise<never> {
  throw new AppError('conflict', 'Another rule was made the default at the same time; reload and try again', {
    errors: [{ pointer: '/isDefault', message: 'was given to another rule meanwhile' }],
  });
}

function present(row: ReportingRuleRow): ReportingRule {
  return {
    id: row.id,
    description: row.description,
    notReportingAfterSeconds: row.notReportingAfterSeconds,
    autoDelete: row.autoDelete === 1,
    autoDeleteAfterSeconds: row.autoDeleteAfterSeconds,
    isDefault: row.isDefault === 1,
    silentAfterBeats: row.silentAfterBeats,
    degradingAfterBeats: row.degradingAfterBeats,
    agentCount: Number(row.agentCount),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Auto-delete needs a threshold; it may be shorter than the not-reporting one (v1.0.2). */
function assertAutoDelete(autoDelete: boolean, afterSeconds: number | null): void {
  if (autoDelete && afterSeconds === null) {
    throw new AppError('validation_failed', 'Auto-delete needs a threshold', {
      errors: [{ pointer: '/autoDeleteAfterSeconds', message: 'is required when autoDelete is true' }],
    });
  }
}

export function createReportingRulesService(
  db: Kysely<Database>,
  { onChanged = () => undefined, audit }: ReportingRulesDeps = {},
): ReportingRulesService {
  const recordRule = (
    trx: Transaction<Database>,
    by: ReturnType<typeof performedBy>,
    action: string,
    id: string,
    details: Record<string, unknown> = {},
  ) => audit?.record(trx, { ...by, action, target: { type: 'reporting_rule', id, name: null }, details });
  const load = async (id: string) => {
    const row = await findRuleRow(db, id);
    if (row === undefined) throw new AppError('not_found', 'No such reporting rule');
    return row;
  };
  const get = async (id: string) => present(await load(id));

  return {
    async list({ limit = 50, cursor }) {
      const after =
        cursor === undefined ? undefined : (decodeCursor(cursor, 3, ['integer', 'string', 'string']) as RuleListKey);
      const rows = await listRuleRows(db, { after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(present),
        nextCursor: rows.length > limit && last ? encodeCursor([last.isDefault, last.descriptionKey, last.id]) : null,
        total: await countRules(db),
      };
    },
    get,
    async create(
      actor,
      {
        description,
        notReportingAfterSeconds,
        autoDelete = false,
        autoDeleteAfterSeconds,
        isDefault,
        silentAfterBeats = DEFAULT_RULE.afterBeats,
        degradingAfterBeats = DEFAULT_RULE.afterBeats,
      },
      origin,
    ) {
      const afterSeconds = autoDeleteAfterSeconds ?? null;
      assertAutoDelete(autoDelete, afterSeconds);
      const now = new Date().toISOString();
      const id = newId();
      const store = () =>
        db.transaction().execute(async (trx) => {
          await insertRule(trx, {
            id,
            description: normalizeName(description),
            notReportingAfterSeconds,
            autoDelete: autoDelete ? 1 : 0,
            autoDeleteAfterSeconds: afterSeconds,
            isDefault: 0,
            silentAfterBeats,
            degradingAfterBeats,
            createdAt: now,
            updatedAt: now,
          });
          if (isDefault === true) await setDefaultRule(trx, id, now);
          await recordRule(trx, performedBy(actor, origin), 'reporting_rule.create', id, {
            description,
            notReportingAfterSeconds,
            autoDelete,
            autoDeleteAfterSeconds: afterSeconds,
            isDefault: isDefault === true,
            silentAfterBeats,
            degradingAfterBeats,
          });
        });
      await recheckOnUniqueViolation(store, refuseConcurrentDefault);
      onChanged();
      return get(id);
    },
    async update(actor, id, changes, origin) {
      const row = await load(id);
      if (changes.isDefault === false && row.isDefault === 1) {
        throw new AppError('default_rule', `This is the default rule; ${DEFAULT_RULE_STAYS}`);
      }
      const afterSeconds =
        changes.autoDeleteAfterSeconds !== undefined ? changes.autoDeleteAfterSeconds : row.autoDeleteAfterSeconds;
      assertAutoDelete(changes.autoDelete ?? row.autoDelete === 1, afterSeconds);
      const now = new Date().toISOString();
      const store = () =>
        db.transaction().execute(async (trx) => {
          await updateRule(trx, row.id, {
            ...(changes.description !== undefined ? { description: normalizeName(changes.description) } : {}),
            ...(changes.notReportingAfterSeconds !== undefined
              ? { notReportingAfterSeconds: changes.notReportingAfterSeconds }
              : {}),
            ...(changes.autoDelete !== undefined ? { autoDelete: changes.autoDelete ? 1 : 0 } : {}),
            ...(changes.silentAfterBeats !== undefined ? { silentAfterBeats: changes.silentAfterBeats } : {}),
            ...(changes.degradingAfterBeats !== undefined ? { degradingAfterBeats: changes.degradingAfterBeats } : {}),
            autoDeleteAfterSeconds: afterSeconds,
            updatedAt: now,
          });
          if (changes.isDefault === true && row.isDefault === 0) await setDefaultRule(trx, row.id, now);
          await recordRule(trx, performedBy(actor, origin), 'reporting_rule.update', row.id, { ...changes });
        });
      await recheckOnUniqueViolation(store, refuseConcurrentDefault);
      onChanged();
      return get(row.id);
    },
    async remove(actor, id, origin) {
      const row = await load(id);
      const refuse = () => new AppError('default_rule', `The default rule cannot be deleted; ${DEFAULT_RULE_STAYS}`);
      if (row.isDefault === 1) throw refuse();
      await db.transaction().execute(async (trx) => {
        const fallback = await findDefaultRule(trx);
        if (fallback === undefined || fallback.id === row.id) throw refuse();
        await reassignAgents(trx, row.id, fallback.id);
        // Guarded by is_default = 0: a request may have made this rule the default since it was read.
        if (!(await deleteNonDefaultRule(trx, row.id))) {
          throw new AppError('conflict', 'The rule changed while it was being deleted; try again');
        }
        await recordRule(trx, performedBy(actor, origin), 'reporting_rule.delete', row.id, {
          agentsMovedTo: fallback.id,
        });
      });
      onChanged();
    },
    async makeDefault(actor, id, origin) {
      const row = await load(id);
      if (row.isDefault === 0) {
        await recheckOnUniqueViolation(
          () =>
            db.transaction().execute(async (trx) => {
              await setDefaultRule(trx, row.id, new Date().toISOString());
              await recordRule(trx, performedBy(actor, origin), 'reporting_rule.make_default', row.id);
            }),
          refuseConcurrentDefault,
        );
        onChanged();
      }
      return get(row.id);
    },
    async defaultRuleId() {
      const rule = await findDefaultRule(db);
      if (rule === undefined) throw new Error('No default reporting rule: ensureDefaultRule runs at start-up');
      return rule.id;
    },
  };
}
