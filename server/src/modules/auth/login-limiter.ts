import { AppError } from '../../http/errors.js';

export interface LoginLimits {
  /** Failed sign-ins one address may make for one username within the window. */
  perUser: number;
  /** Failed sign-ins one address may make in all within the window (guessing across many accounts). */
  perAddress: number;
  windowMs: number;
}

const DEFAULT_LIMITS: LoginLimits = { perUser: 10, perAddress: 50, windowMs: 5 * 60_000 };
const MAX_KEYS = 20_000;

/**
 * Limits on failed sign-ins, on top of the per-account lockout: per (address, username), and more loosely per
 * address. Only failures count, so people who sign in successfully are never held up. Kept in memory per process; a
 * restart forgets it, the lockout in the database does not.
 */
export function createLoginLimiter(limits: LoginLimits = DEFAULT_LIMITS) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((time) => now - time < limits.windowMs);
  const keysOf = (ip: string, username: string) => [`ip:${ip}`, `user:${ip}\u0000${username.toLowerCase()}`] as const;

  return {
    /** Throws 429 when this address has failed too often, for this username or in all. */
    check(ip: string, username: string, now = Date.now()): void {
      const [address, pair] = keysOf(ip, username);
      for (const [key, limit] of [
        [pair, limits.perUser],
        [address, limits.perAddress],
      ] as const) {
        const times = recent(key, now);
        if (times.length >= limit) {
          const retryAfter = Math.max(1, Math.ceil((times[0]! + limits.windowMs - now) / 1000));
          throw new AppError('rate_limited', `Too many failed sign-ins from your address; retry in ${retryAfter} s`, {
            retryAfter,
          });
        }
      }
    },
    /** Counts a failed sign-in. */
    failed(ip: string, username: string, now = Date.now()): void {
      for (const key of keysOf(ip, username)) failures.set(key, [...recent(key, now), now]);
      if (failures.size > MAX_KEYS) {
        for (const [key, times] of failures)
          if (times.every((time) => now - time >= limits.windowMs)) failures.delete(key);
      }
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
