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
import type { Engine } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import type { AliasesService } from '../aliases/aliases.service.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit.service.js';
import type { ConfigsService } from '../configs/configs.service.js';
import type { RenderCache } from '../configs/render-cache.js';
import { cohortOf, stepOf } from '../configs/rollout-cohorts.js';
import { cohortLabels } from '../configs/staged-serving.js';
import { renderVersionFor } from '../configs/version-preview.js';
import type { ConstantsService } from '../constants/constants.service.js';
import { unifiedDiff } from '../../lib/diff.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { WebhookEvent } from '@telegraf-controller/contract/webhooks';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import { judgeStep, type SampledAgent, type Verdict } from './rollout-gates.js';
import {
  ACTIVE_STATES,
  agentsLoading,
  fetchedSample,
  findActiveRollout,
  findServing,
  findRollout,
  findVersionFacts,
  insertApproval,
  insertRollout,
  listRollouts,
  moveRollout,
  runningRollouts,
  setPin,
  setPublished,
  sourcesOf,
  type RolloutRow,
} from './rollouts.repo.js';

/** The webhook event of each move the leader makes. */
const EVENTS: Record<string, WebhookEvent> = {
  'rollout.advance': 'rollout.advanced',
  'rollout.revert': 'rollout.reverted',
  'rollout.finish': 'rollout.finished',
};

/** Agents of each cohort a review renders. */
const REVIEW_SAMPLES = 3;

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
  /** Judges every running rollout whose step has baked, and moves it on (the leader, `--rollout-interval`). */
  advance(now?: number): Promise<void>;
}

function present(row: RolloutRow): Rollout {
  const at = (value: string) => new Date(value).toISOString();
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
    engine: Engine;
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
      const changes = {
        state: move.to,
        updatedAt: now,
        ...(move.to === 'running' ? { stepStartedAt: now } : {}),
        ...(move.ends ? { endedAt: now } : {}),
      };
      if (!(await moveRollout(trx, row.id, move.from, changes))) return false;
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
    return present(await rolloutOf(config, id));
  };

  /** A step's judgement: its cohort among the agents loading the configuration, and its sample. */
  const judge = async (row: RolloutRow | Awaited<ReturnType<typeof runningRollouts>>[number]): Promise<Verdict> => {
    const steps = JSON.parse(row.cohorts) as RolloutStep[];
    const step = steps[row.step]!;
    const labelled = await cohortLabels(db, steps);
    const inStep = (agentId: string) => cohortOf(steps, agentId, labelled) === row.step;
    const cohortSize = (await agentsLoading(db, row.configId)).filter(inStep).length;
    const sample: SampledAgent[] = (
      await fetchedSample(db, {
        configId: row.configId,
        version: row.toVersion,
        since: new Date(row.createdAt).toISOString(),
        stepStartedAt: new Date(row.stepStartedAt).toISOString(),
        bakeMs: step.bakeSeconds * 1000,
      })
    )
      .filter((agent) => inStep(agent.agentId))
      .map((agent) => ({
        agentId: agent.agentId,
        status: agent.status,
        newlyErroring: Boolean(Number(agent.errorsAfter)) && !Number(agent.errorsBefore),
      }));
    return judgeStep(step, cohortSize, sample);
  };

  return {
    async list(ref) {
      const config = await configOf(ref);
      return { items: (await listRollouts(db, config.id, LISTED)).map(present) };
    },

    async get(ref, id) {
      return present(await rolloutOf(await configOf(ref), id));
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
            cohorts: JSON.stringify(body.cohorts.map(stepOf)),
            breach: null,
            createdBy: actor?.userId ?? null,
            createdAt: now,
            updatedAt: now,
            endedAt: null,
          });
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
      return present(await rolloutOf(config, id));
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

    async review(ref, { version, cohorts }) {
      const config = await configOf(ref);
      if ((await findVersionFacts(db, config.id, version)) === undefined) {
        throw new AppError('validation_failed', `Configuration ${config.name} has no version ${version}`, {
          errors: [{ pointer: '/version', message: 'must be an existing version' }],
        });
      }
      const steps = (cohorts ?? [{ name: 'All agents', percent: 100 }]).map(stepOf);
      const labelled = await cohortLabels(db, steps);
      const members = steps.map((): string[] => []);
      for (const agentId of (await agentsLoading(db, config.id)).sort()) {
        const cohort = cohortOf(steps, agentId, labelled);
        if (cohort !== undefined) members[cohort]!.push(agentId);
      }
      const from = config.pinnedVersion ?? config.publishedVersion;
      const sampled = members.flatMap((agents) => agents.slice(0, REVIEW_SAMPLES));
      const sources = await sourcesOf(db, config.id, sampled);
      const sampleOf = async (agentId: string) => {
        const url = new URL(sources.get(agentId) ?? '', 'http://agent.invalid/');
        const parameters = Object.fromEntries(
          [...new Set(url.searchParams.keys())].map((name) => [name, url.searchParams.get(name)!]),
        );
        const before = await renderVersionFor(db, deps.constants, config.id, from, parameters);
        const after = await renderVersionFor(db, deps.constants, config.id, version, parameters);
        const problem = 'problem' in before ? before.problem : 'problem' in after ? after.problem : null;
        if (problem !== null || !('toml' in before) || !('toml' in after)) return { agentId, diff: null, problem };
        return {
          agentId,
          diff: unifiedDiff(before.toml, after.toml, [`version ${from}`, `version ${version}`]),
          problem: null,
        };
      };
      return {
        fromVersion: from,
        toVersion: version,
        cohorts: await Promise.all(
          steps.map(async (step, index) => ({
            name: step.name,
            agents: members[index]!.length,
            samples: await Promise.all(members[index]!.slice(0, REVIEW_SAMPLES).map(sampleOf)),
          })),
        ),
      };
    },

    async advance(now = Date.now()) {
      for (const row of await runningRollouts(db)) {
        const steps = JSON.parse(row.cohorts) as RolloutStep[];
        const bakedAt = new Date(row.stepStartedAt).getTime() + steps[row.step]!.bakeSeconds * 1000;
        if (bakedAt > now) continue;
        const verdict = await judge(row);
        if (verdict.kind === 'wait') continue;
        const at = new Date(now).toISOString();
        const last = row.step === steps.length - 1;
        const moved = await db.transaction().execute(async (trx) => {
          let action: string;
          let details: Record<string, unknown>;
          if (verdict.kind === 'breach') {
            const breach: RolloutBreach = { ...verdict.breach, step: row.step, at };
            const ok = await moveRollout(
              trx,
              row.id,
              ['running'],
              { state: 'reverted', breach: JSON.stringify(breach), updatedAt: at, endedAt: at },
              row,
            );
            if (!ok) return false;
            action = 'rollout.revert';
            details = { rollout: row.id, ...breach };
          } else if (last) {
            const ok = await moveRollout(
              trx,
              row.id,
              ['running'],
              { state: 'finished', updatedAt: at, endedAt: at },
              row,
            );
            if (!ok) return false;
            await setPublished(trx, row.configId, row.toVersion, at);
            action = 'rollout.finish';
            details = { rollout: row.id, version: row.toVersion, sample: verdict.sample };
          } else {
            const ok = await moveRollout(
              trx,
              row.id,
              ['running'],
              { step: row.step + 1, stepStartedAt: at, updatedAt: at },
              row,
            );
            if (!ok) return false;
            action = 'rollout.advance';
            details = { rollout: row.id, step: row.step + 1, sample: verdict.sample };
          }
          await audit.record(trx, {
            action,
            actor: SYSTEM_ACTOR,
            target: { type: 'config', id: row.configId },
            details,
          });
          await deps.webhooks.emit(EVENTS[action]!, { configId: row.configId, ...details }, trx);
          return true;
        });
        if (moved) deps.renderCache.clear();
      }
    },
  };
}
