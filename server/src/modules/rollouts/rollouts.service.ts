import type { Kysely } from 'kysely';
import type { Config } from '@telegraf-controller/contract/configs';
import type {
  ConfigPin,
  ConfigPublish,
  Rollout,
  RolloutBreach,
  RolloutCreate,
  RolloutList,
  RolloutStep,
  VersionReview,
  VersionReviewRequest,
} from '@telegraf-controller/contract/rollouts';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import type { AliasesService } from '../aliases/aliases.service.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { ConfigsService } from '../configs/configs.service.js';
import type { RenderCache } from '../configs/render-cache.js';
import { stepOf } from '../configs/rollout-cohorts.js';
import type { ConstantsService } from '../constants/constants.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import { advanceRollouts, takeCohorts } from './rollout-driver.js';
import { reviewVersion } from './rollout-review.js';
import {
  ACTIVE_STATES,
  findActiveRollout,
  findServing,
  findRollout,
  findVersionFacts,
  insertApproval,
  figuresOf,
  insertRollout,
  listRollouts,
  moveRollout,
  setPin,
  setPublished,
  takeCohort,
  dropCohorts,
  type RolloutRow,
} from './rollouts.repo.js';

/** Rollouts a configuration's list shows at most (newest first). */
const LISTED = 200;

export interface RolloutsService {
  list(config: string): Promise<RolloutList>;
  get(config: string, id: string): Promise<Rollout>;
  start(actor: Identity | null, config: string, body: RolloutCreate, origin: RequestOrigin): Promise<Rollout>;
  pause(actor: Identity | null, config: string, id: string, origin: RequestOrigin): Promise<Rollout>;
  resume(actor: Identity | null, config: string, id: string, origin: RequestOrigin): Promise<Rollout>;
  abort(actor: Identity | null, config: string, id: string, origin: RequestOrigin): Promise<Rollout>;
  publish(actor: Identity | null, config: string, body: ConfigPublish, origin: RequestOrigin): Promise<Config>;
  pin(actor: Identity | null, config: string, body: ConfigPin, origin: RequestOrigin): Promise<Config>;
  unpin(actor: Identity | null, config: string, origin: RequestOrigin): Promise<Config>;
  approve(actor: Identity | null, config: string, version: number, origin: RequestOrigin): Promise<void>;
  /** What a version would change for up to three agents of each cohort, against what they are served now. */
  review(config: string, body: VersionReviewRequest): Promise<VersionReview>;
  /**
   * Measures every running rollout's step, and moves on those that have baked (the leader, `--rollout-interval`).
   */
  advance(now?: number): Promise<void>;
}

const at = (value: string) => new Date(value).toISOString();

/** Rollouts as the API shows them, each with its steps' figures. */
async function present(db: Kysely<Database>, rows: readonly RolloutRow[]): Promise<Rollout[]> {
  const figures = await figuresOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    ...presentRow(row),
    figures: figures
      .filter((entry) => entry.rolloutId === row.id)
      .map(({ rolloutId: _rollout, measuredAt, ...entry }) => ({ ...entry, measuredAt: at(measuredAt) })),
  }));
}

function presentRow(row: RolloutRow): Omit<Rollout, 'figures'> {
  return {
    id: row.id,
    configId: row.configId,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    state: row.state,
    step: row.step,
    stepStartedAt: at(row.stepStartedAt),
    cohorts: JSON.parse(row.cohorts) as RolloutStep[],
    breach: row.breach === null ? null : (JSON.parse(row.breach) as RolloutBreach),
    createdBy: row.createdByUsername,
    createdAt: at(row.createdAt),
    updatedAt: at(row.updatedAt),
    endedAt: row.endedAt === null ? null : at(row.endedAt),
  };
}

/** A percentage cohort's share must grow from one to the next: each is "up to this share of all agents". */
function checkCohorts(body: RolloutCreate): void {
  let percent = 0;
  body.cohorts.forEach((cohort, index) => {
    const selectors = [cohort.labels, cohort.percent, cohort.agents].filter((given) => given !== undefined);
    if (selectors.length !== 1) {
      throw new AppError('validation_failed', 'Each cohort selects agents one way: labels, percent or agents', {
        errors: [{ pointer: `/cohorts/${index}`, message: 'must have exactly one of labels, percent, agents' }],
      });
    }
    if (cohort.percent !== undefined) {
      if (cohort.percent <= percent) {
        throw new AppError('validation_failed', 'Percentages are cumulative and must grow from cohort to cohort', {
          errors: [{ pointer: `/cohorts/${index}/percent`, message: `must be more than ${percent}` }],
        });
      }
      percent = cohort.percent;
    }
  });
}

/**
 * Staged serving's people side and its driver (ADR 27): publishing, the kill switch, approvals (four eyes) and
 * rollouts, whose steps the leader judges and moves on. Every change clears rendered answers, here and (through the
 * database) on every node.
 */
export function createRolloutsService(
  db: Kysely<Database>,
  deps: {
    configs: ConfigsService;
    aliases: AliasesService;
    settings: SettingsService;
    renderCache: RenderCache;
    audit: AuditLog;
    webhooks: Pick<WebhooksService, 'emit'>;
    constants: Pick<ConstantsService, 'values'>;
  },
): RolloutsService {
  const { audit } = deps;
  const presentOne = async (row: RolloutRow) => (await present(db, [row]))[0]!;
  const configOf = async (ref: string) => deps.configs.get(await deps.aliases.resolveConfig(ref));
  const rolloutOf = async (config: Config, id: string) => {
    const row = await findRollout(db, config.id, id);
    if (row === undefined) throw new AppError('not_found', 'No such rollout');
    return row;
  };
  /** Refuses a version that does not exist, or (with four eyes) one nobody but its author approved. */
  const assertPublishable = async (config: Config, version: number, pointer: string) => {
    const facts = await findVersionFacts(db, config.id, version);
    if (facts === undefined) {
      throw new AppError('validation_failed', `Configuration ${config.name} has no version ${version}`, {
        errors: [{ pointer, message: 'must be an existing version' }],
      });
    }
    if ((await deps.settings.get()).requireApproval && facts.approvedBy === null) {
      throw new AppError(
        'approval_required',
        `Version ${version} must be approved by someone other than its author before it is published`,
        { errors: [{ pointer, message: 'must be an approved version' }] },
      );
    }
  };
  const assertNotPinned = (config: Config) => {
    if (config.pinnedVersion !== null) {
      throw new AppError('config_pinned', `Configuration ${config.name} is pinned to version ${config.pinnedVersion}`);
    }
  };
  /** A transition people ask for: conditional, recorded, and visible to agents at once. */
  const transition = async (
    actor: Identity | null,
    ref: string,
    id: string,
    origin: RequestOrigin,
    move: { from: readonly Rollout['state'][]; to: Rollout['state']; action: string; ends?: boolean },
  ) => {
    const config = await configOf(ref);
    const row = await rolloutOf(config, id);
    const now = new Date().toISOString();
    const moved = await db.transaction().execute(async (trx) => {
      const resumes = move.to === 'running';
      const changes = {
        state: move.to,
        updatedAt: now,
        ...(resumes ? { stepStartedAt: now, cohortsTaken: row.step } : {}),
        ...(move.ends ? { endedAt: now } : {}),
      };
      if (!(await moveRollout(trx, row.id, move.from, changes))) return false;
      // Resuming bakes the step afresh, its label cohort taken again (agents labelled meanwhile join it).
      if (resumes) {
        const steps = JSON.parse(row.cohorts) as RolloutStep[];
        await takeCohorts(trx, row.id, steps, Math.min(row.cohortsTaken + 1, row.step), row.step);
      }
      if (move.ends) await dropCohorts(trx, row.id);
      await audit.record(trx, {
        ...performedBy(actor, origin),
        action: move.action,
        target: { type: 'config', id: config.id, name: config.name },
        details: { rollout: row.id, from: row.state, to: move.to, step: row.step },
      });
      return true;
    });
    if (!moved) {
      throw new AppError('conflict', `The rollout is ${row.state}: it cannot be moved to ${move.to}`, {
        errors: [{ pointer: '', message: `must be ${move.from.join(' or ')}` }],
      });
    }
    deps.renderCache.clear();
    return presentOne(await rolloutOf(config, id));
  };

  return {
    async list(ref) {
      const config = await configOf(ref);
      return { items: await present(db, await listRollouts(db, config.id, LISTED)) };
    },

    async get(ref, id) {
      return presentOne(await rolloutOf(await configOf(ref), id));
    },

    async start(actor, ref, body, origin) {
      const config = await configOf(ref);
      checkCohorts(body);
      assertNotPinned(config);
      if (body.version === config.publishedVersion) {
        throw new AppError('validation_failed', `Version ${body.version} is the one served already`, {
          errors: [{ pointer: '/version', message: 'must differ from the published version' }],
        });
      }
      await assertPublishable(config, body.version, '/version');
      const now = new Date().toISOString();
      const id = newId();
      const steps = body.cohorts.map(stepOf);
      try {
        await db.transaction().execute(async (trx) => {
          // What was checked above still holds when the rollout is written (a publish or a pin meanwhile).
          const serving = await findServing(trx, config.id);
          if (serving === undefined) throw new AppError('not_found', 'No such configuration');
          assertNotPinned({ ...config, pinnedVersion: serving.pinnedVersion });
          if ((serving.publishedVersion ?? config.version) !== config.publishedVersion) {
            throw new AppError('conflict', 'Another version was published meanwhile; start the rollout again');
          }
          await insertRollout(trx, {
            id,
            configId: config.id,
            fromVersion: config.publishedVersion,
            toVersion: body.version,
            state: 'running',
            step: 0,
            stepStartedAt: now,
            cohorts: JSON.stringify(steps),
            cohortsTaken: 0,
            breach: null,
            createdBy: actor?.userId ?? null,
            createdAt: now,
            updatedAt: now,
            endedAt: null,
          });
          await takeCohort(trx, id, 0, steps[0]!.labels);
          await audit.record(trx, {
            ...performedBy(actor, origin),
            action: 'rollout.start',
            target: { type: 'config', id: config.id, name: config.name },
            details: { rollout: id, fromVersion: config.publishedVersion, toVersion: body.version },
          });
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new AppError('rollout_active', `Configuration ${config.name} has a rollout in progress already`);
      }
      deps.renderCache.clear();
      return presentOne(await rolloutOf(config, id));
    },

    pause: (actor, ref, id, origin) =>
      transition(actor, ref, id, origin, { from: ['running'], to: 'paused', action: 'rollout.pause' }),
    resume: (actor, ref, id, origin) =>
      transition(actor, ref, id, origin, { from: ['paused'], to: 'running', action: 'rollout.resume' }),
    abort: (actor, ref, id, origin) =>
      transition(actor, ref, id, origin, { from: ACTIVE_STATES, to: 'aborted', action: 'rollout.abort', ends: true }),

    async publish(actor, ref, { version }, origin) {
      const config = await configOf(ref);
      assertNotPinned(config);
      if ((await findActiveRollout(db, config.id)) !== undefined) {
        throw new AppError(
          'rollout_active',
          `Configuration ${config.name} has a rollout in progress: finish or abort it`,
        );
      }
      await assertPublishable(config, version, '/version');
      await db.transaction().execute(async (trx) => {
        if ((await findActiveRollout(trx, config.id)) !== undefined) {
          throw new AppError(
            'rollout_active',
            `Configuration ${config.name} has a rollout in progress: finish or abort it`,
          );
        }
        await setPublished(trx, config.id, version, new Date().toISOString());
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'config.publish',
          target: { type: 'config', id: config.id, name: config.name },
          details: { from: config.publishedVersion, to: version },
        });
      });
      deps.renderCache.clear();
      return deps.configs.get(config.id);
    },

    async pin(actor, ref, { version }, origin) {
      const config = await configOf(ref);
      const pinned = version ?? config.publishedVersion;
      // Pinning what is served is always allowed (the kill switch); pinning another version publishes it.
      if (pinned !== config.publishedVersion) await assertPublishable(config, pinned, '/version');
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        // The kill switch ends a rollout in progress, as an abort.
        const active = await findActiveRollout(trx, config.id);
        if (active !== undefined) {
          await moveRollout(trx, active.id, ACTIVE_STATES, { state: 'aborted', updatedAt: now, endedAt: now });
          await dropCohorts(trx, active.id);
        }
        await setPin(trx, config.id, { version: pinned, at: now, by: actor?.userId ?? null });
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'config.pin',
          target: { type: 'config', id: config.id, name: config.name },
          details: { version: pinned, ...(active === undefined ? {} : { abortedRollout: active.id }) },
        });
      });
      deps.renderCache.clear();
      return deps.configs.get(config.id);
    },

    async unpin(actor, ref, origin) {
      const config = await configOf(ref);
      if (config.pinnedVersion === null) return config;
      await db.transaction().execute(async (trx) => {
        await setPin(trx, config.id, null);
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'config.unpin',
          target: { type: 'config', id: config.id, name: config.name },
          details: { version: config.pinnedVersion },
        });
      });
      deps.renderCache.clear();
      return deps.configs.get(config.id);
    },

    async approve(actor, ref, version, origin) {
      const config = await configOf(ref);
      const facts = await findVersionFacts(db, config.id, version);
      if (facts === undefined) throw new AppError('not_found', 'No such version');
      if (actor === null || facts.authorId === actor.userId) {
        throw new AppError('forbidden', 'A version is approved by someone other than its author');
      }
      await db.transaction().execute(async (trx) => {
        await insertApproval(trx, {
          configId: config.id,
          version,
          approvedBy: actor.userId,
          approvedAt: new Date().toISOString(),
        });
        await audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'config.approve',
          target: { type: 'config', id: config.id, name: config.name },
          details: { version },
        });
      });
    },

    review: async (ref, body) => reviewVersion(db, deps.constants, await configOf(ref), body),

    advance: (now) => advanceRollouts(db, deps, now),
  };
}
