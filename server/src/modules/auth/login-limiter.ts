import { AppError } from '../../http/errors.js';

/**
 * A per-IP limit on sign-in attempts, on top of the per-account lockout: it slows guessing across many accounts.
 * Kept in memory per process; a restart forgets it, the lockout in the database does not.
 */
export function createLoginLimiter(maxAttempts = 20, windowMs = 5 * 60_000) {
  const attempts = new Map<string, number[]>();
  return {
    check(ip: string, now = Date.now()): void {
      const recent = (attempts.get(ip) ?? []).filter((time) => now - time < windowMs);
      if (recent.length >= maxAttempts) {
        attempts.set(ip, recent);
        const retryAfter = Math.ceil((recent[0]! + windowMs - now) / 1000);
        throw new AppError('rate_limited', `Too many sign-in attempts from your address; retry in ${retryAfter} s`, {
          retryAfter,
        });
      }
      recent.push(now);
      attempts.set(ip, recent);
      if (attempts.size > 10_000) {
        for (const [key, times] of attempts) if (times.every((time) => now - time >= windowMs)) attempts.delete(key);
      }
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
