import type { Migration } from '../migrate.js';

/**
 * A second factor for local sign-in (ADR 24): each user's TOTP seed and recovery codes, sealed with a key derived
 * from the session secret; the last time step a code was accepted for (a replay is refused); the roles that must
 * have one; and sessions that may do nothing but enrol until the user has one.
 */
export const secondFactor: Migration = {
  name: '0014-second-factor',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('second_factors')
      .addColumn('user_id', 'text', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
      // Sealed seeds: the one in use (null until the first enrolment is confirmed) and one being enrolled.
      .addColumn('seed', 'text')
      .addColumn('pending_seed', 'text')
      .addColumn('last_step', 'bigint')
      // Sealed JSON array of the recovery codes not used yet.
      .addColumn('recovery_codes', 'text')
      .addColumn('enrolled_at', timestamp)
      .addColumn('updated_at', timestamp, (col) => col.notNull())
      .execute();
    // JSON array of roles.
    await db.schema
      .alterTable('settings')
      .addColumn('second_factor_roles', 'text', (col) => col.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('sessions')
      .addColumn('second_factor_pending', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },
};
