import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/** Telegraf's own test data (`../shared/telegraf/` beside the clone): here and in CI, not on a user's machine. */
export const TELEGRAF_SHARED = new URL('../../../shared/telegraf/', import.meta.url);

const present = existsSync(TELEGRAF_SHARED);

/** The marker every compatibility suite's name carries, which the test summary lists when they were skipped. */
export const NEEDS_SHARED = '[needs ../shared/telegraf]';

/**
 * A compatibility suite: it checks the controller against Telegraf's own test data. Where `../shared/telegraf` is,
 * it runs; where it is not, it is reported as skipped, under its name, never as passed; and where the data is
 * required (`TC_REQUIRE_SHARED=1`, as CI sets it), its absence is a failure.
 */
export function describeTelegraf(name: string, suite: (shared: URL) => void): void {
  const title = `${name} ${NEEDS_SHARED}`;
  if (present) {
    describe(title, () => suite(TELEGRAF_SHARED));
  } else if (process.env.TC_REQUIRE_SHARED === '1') {
    describe(title, () => {
      it('finds ../shared/telegraf beside the clone', () => {
        throw new Error(`${TELEGRAF_SHARED.pathname} is missing, and TC_REQUIRE_SHARED=1 requires it`);
      });
    });
  } else {
    describe.skip(title, () => {
      it('runs where ../shared/telegraf is beside the clone', () => undefined);
    });
  }
}
