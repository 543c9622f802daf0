import type { Kysely, Transaction } from 'kysely';
import type { Database, SecondFactorsTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function findSecondFactor(db: Executor, userId: string): Promise<SecondFactorsTable | undefined> {
  return db.selectFrom('secondFactors').selectAll().where('userId', '=', userId).executeTakeFirst();
}

/** Every row, for re-sealing under a new session secret. */
export async function listSecondFactors(db: Executor): Promise<SecondFactorsTable[]> {
  return db.selectFrom('secondFactors').selectAll().execute();
}

/** Keeps a new seed beside the one in use until a code from it confirms the enrolment. */
export async function savePendingSeed(db: Executor, userId: string, pendingSeed: string, now: string): Promise<void> {
  await db
    .insertInto('secondFactors')
    .values({
      userId,
      seed: null,
      pendingSeed,
      lastStep: null,
      recoveryCodes: null,
      enrolledAt: null,
      updatedAt: now,
    })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ pendingSeed, updatedAt: now }))
    .execute();
}

/**
 * The pending seed becomes the one in use, with its first accepted step and new recovery codes; false when the
 * pending seed changed meanwhile (another enrolment started).
 */
export async function confirmPendingSeed(
  db: Executor,
  userId: string,
  pendingSeed: string,
  values: { lastStep: number; recoveryCodes: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('secondFactors')
    .set({
      seed: pendingSeed,
      pendingSeed: null,
      lastStep: values.lastStep,
      recoveryCodes: values.recoveryCodes,
      enrolledAt: values.now,
      updatedAt: values.now,
    })
    .where('userId', '=', userId)
    .where('pendingSeed', '=', pendingSeed)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records the step a code was accepted for; false when that step or a later one was accepted already (a replay). */
export async function acceptStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('secondFactors')
    .set({ lastStep: step })
    .where('userId', '=', userId)
    .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Swaps the sealed recovery codes; false when they changed meanwhile (the same code used twice at once). */
export async function swapRecoveryCodes(
  db: Executor,
  userId: string,
  from: string,
  to: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('secondFactors')
    .set({ recoveryCodes: to, updatedAt: now })
    .where('userId', '=', userId)
    .where('recoveryCodes', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

type Sealed = Pick<SecondFactorsTable, 'seed' | 'pendingSeed' | 'recoveryCodes'>;

/** Replaces the sealed values while they are still `from` (a sign-in may use a recovery code meanwhile). */
export async function replaceSealed(db: Executor, userId: string, from: Sealed, to: Sealed): Promise<boolean> {
  const result = await db
    .updateTable('secondFactors')
    .set(to)
    .where('userId', '=', userId)
    .where((eb) =>
      eb.and(
        (['seed', 'pendingSeed', 'recoveryCodes'] as const).map((column) =>
          from[column] === null ? eb(column, 'is', null) : eb(column, '=', from[column]),
        ),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteSecondFactor(db: Executor, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('secondFactors').where('userId', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
