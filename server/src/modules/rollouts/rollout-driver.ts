import type { Kysely, Transaction } from 'kysely';
import type { RolloutBreach, RolloutStep } from '@telegraf-controller/contract/rollouts';
import type { WebhookEvent } from '@telegraf-controller/contract/webhooks';
import type { Database, RolloutsTable } from '../../db/schema.js';
import { SYSTEM_ACTOR, type AuditLog } from '../audit/audit.service.js';
import type { RenderCache } from '../configs/render-cache.js';
import { cohortOf } from '../configs/rollout-cohorts.js';
import { labelCohortsOf } from '../configs/staged-serving.js';
import type { WebhooksService } from '../webhooks/webhooks.service.js';
import { judgeStep, type SampledAgent } from './rollout-gates.js';
import {
  agentsLoading,
  dropCohorts,
  fetchedSample,
  moveRollout,
  recordFigures,
  runningRollouts,
  setPublished,
  takeCohort,
} from './rollouts.repo.js';

export interface DriverDeps {
  audit: AuditLog;
  renderCache: RenderCache;
  webhooks: Pick<WebhooksService, 'emit'>;
}

/** The webhook event of each move the leader makes. */
const EVENTS: Record<string, WebhookEvent> = {
  'rollout.advance': 'rollout.advanced',
  'rollout.revert': 'rollout.reverted',
  'rollout.finish': 'rollout.finished',
};

/**
 * A step's figures and judgement: its cohort among the agents loading the configuration (label cohorts as taken
 * when their step began, the same agents serving decides by), and its sample.
 */
async function judge(db: Kysely<Database>, row: RolloutsTable) {
  const steps = JSON.parse(row.cohorts) as RolloutStep[];
  const step = steps[row.step]!;
  const labelled = await labelCohortsOf(db, row, steps);
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
}

/** Takes the cohorts of steps `from` to `through` (ADR 27), in the transaction that moves the rollout there. */
export async function takeCohorts(
  trx: Transaction<Database>,
  rolloutId: string,
  steps: readonly RolloutStep[],
  from: number,
  through: number,
): Promise<void> {
  for (let index = Math.max(0, from); index <= through; index += 1) {
    await takeCohort(trx, rolloutId, index, steps[index]!.labels);
  }
}

/**
 * The leader's round (ADR 27): every running rollout's step is measured (its figures kept for the rollout's page);
 * once baked, it moves on to its next step (whose label cohort is taken then), finishes (its version becomes the
 * published one) or reverts on a breached gate; each move is recorded and sent to webhooks in its own transaction,
 * and clears rendered answers so agents are served accordingly.
 */
export async function advanceRollouts(db: Kysely<Database>, deps: DriverDeps, now = Date.now()): Promise<void> {
  for (let row of await runningRollouts(db)) {
    const steps = JSON.parse(row.cohorts) as RolloutStep[];
    if (row.cohortsTaken < row.step) {
      // Reached by a controller that took no cohorts (a rolling upgrade): taken now, once.
      const judged = row;
      const taken = await db.transaction().execute(async (trx) => {
        if (!(await moveRollout(trx, judged.id, ['running'], { cohortsTaken: judged.step }, judged))) return false;
        await takeCohorts(trx, judged.id, steps, judged.cohortsTaken + 1, judged.step);
        return true;
      });
      if (!taken) continue;
      deps.renderCache.clear();
      row = { ...row, cohortsTaken: row.step };
    }
    const { figures, verdict } = await judge(db, row);
    const at = new Date(now).toISOString();
    await recordFigures(db, { rolloutId: row.id, step: row.step, ...figures, measuredAt: at }, row);
    const bakedAt = new Date(row.stepStartedAt).getTime() + steps[row.step]!.bakeSeconds * 1000;
    if (bakedAt > now || verdict.kind === 'wait') continue;
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
        await dropCohorts(trx, row.id);
        action = 'rollout.revert';
        details = { rollout: row.id, ...breach };
      } else if (last) {
        const ok = await moveRollout(trx, row.id, ['running'], { state: 'finished', updatedAt: at, endedAt: at }, row);
        if (!ok) return false;
        await dropCohorts(trx, row.id);
        await setPublished(trx, row.configId, row.toVersion, at);
        action = 'rollout.finish';
        details = { rollout: row.id, version: row.toVersion, sample: verdict.sample };
      } else {
        const ok = await moveRollout(
          trx,
          row.id,
          ['running'],
          { step: row.step + 1, stepStartedAt: at, cohortsTaken: row.step + 1, updatedAt: at },
          row,
        );
        if (!ok) return false;
        await takeCohort(trx, row.id, row.step + 1, steps[row.step + 1]!.labels);
        action = 'rollout.advance';
        details = { rollout: row.id, step: row.step + 1, sample: verdict.sample };
      }
      await deps.audit.record(trx, {
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
}
