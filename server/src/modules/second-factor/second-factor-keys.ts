import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.js';
import { createSecretBox, type SecretBox } from './sealed-secret.js';
import { listSecondFactors, replaceSealed } from './second-factor.repo.js';

/** The box second-factor seeds and recovery codes are sealed in: its key is derived from the session secret. */
export function secondFactorBox(sessionSecret: string): SecretBox {
  return createSecretBox(sessionSecret, 'second factor');
}

/**
 * After a rotation of the session secret: everything the previous secret sealed is sealed again with the current
 * one. Idempotent (what the current key opens is left alone), so every node of a cluster may run it at start-up.
 * Returns how many users' factors were sealed again.
 */
export async function resealSecondFactors(
  db: Kysely<Database>,
  current: string,
  previous: string,
  logger: Logger,
): Promise<number> {
  const now = secondFactorBox(current);
  const before = secondFactorBox(previous);
  let resealed = 0;
  let unreadable = 0;
  for (const row of await listSecondFactors(db)) {
    const fields = { seed: row.seed, pendingSeed: row.pendingSeed, recoveryCodes: row.recoveryCodes };
    let changed = false;
    for (const key of ['seed', 'pendingSeed', 'recoveryCodes'] as const) {
      const sealed = fields[key];
      if (sealed === null || now.open(sealed) !== undefined) continue;
      const plain = before.open(sealed);
      if (plain === undefined) {
        unreadable += 1;
        continue;
      }
      fields[key] = now.seal(plain);
      changed = true;
    }
    // A row that changed meanwhile (a code used, an enrolment begun) was sealed with the new key already.
    if (changed && (await replaceSealed(db, row.userId, row, fields))) resealed += 1;
  }
  if (resealed > 0) logger.info({ users: resealed }, 'second factors sealed again with the new session secret');
  if (unreadable > 0) {
    logger.warn(
      { values: unreadable },
      'some second factors open with neither the session secret nor the previous one: the owner must reset them',
    );
  }
  return resealed;
}
