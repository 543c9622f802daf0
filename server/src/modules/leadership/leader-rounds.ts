import type { Logger } from 'pino';
import type { Leadership } from './leadership.js';

/**
 * A job only the leader runs, every `intervalMs`: judging rollouts (`--rollout-interval`), sending webhooks
 * (`--webhook-interval`). Its state lives in the database, so a new leader takes over where the last one stopped;
 * rounds never overlap, and a failed round is logged and the next one runs.
 */
export function startLeaderRounds(
  round: () => Promise<void>,
  {
    leadership,
    intervalMs,
    logger,
    what,
  }: { leadership: Leadership; intervalMs: number; logger: Logger; what: string },
) {
  let running: Promise<void> | undefined;
  const once = async () => {
    if (!leadership.isLeader() || running !== undefined) return;
    running = round().finally(() => {
      running = undefined;
    });
    await running;
  };
  const timer = setInterval(() => {
    once().catch((error: unknown) => logger.warn({ err: error }, `the ${what} round failed`));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
