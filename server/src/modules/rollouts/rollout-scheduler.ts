import type { Logger } from 'pino';
import type { Leadership } from '../leadership/leadership.js';
import type { RolloutsService } from './rollouts.service.js';

/**
 * The leader judges running rollouts every `intervalMs` (`--rollout-interval`): a step whose bake time has passed
 * moves on, finishes or reverts (ADR 27). State lives in the database, so a new leader takes over where the last one
 * stopped; rounds never overlap.
 */
export function startRolloutScheduler(
  rollouts: Pick<RolloutsService, 'advance'>,
  { leadership, intervalMs, logger }: { leadership: Leadership; intervalMs: number; logger: Logger },
) {
  let running: Promise<void> | undefined;
  const round = async () => {
    if (!leadership.isLeader() || running !== undefined) return;
    running = rollouts.advance().finally(() => {
      running = undefined;
    });
    await running;
  };
  const timer = setInterval(() => {
    round().catch((error: unknown) => logger.warn({ err: error }, 'the rollout round failed'));
  }, intervalMs);
  timer.unref();
  return {
    round,
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
