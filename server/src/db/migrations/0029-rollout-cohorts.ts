import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/**
 * What a rollout's steps were judged on (issue 21, ADR 27): the agents of each label cohort, taken once when its step
 * begins, so that serving (on every node) and the leader's judgement agree on who is in it for the whole step; and
 * each step's latest figures (cohort size, sample, agents counted by each gate), written by the leader every round.
 * `rollouts.cohorts_taken` is the last step whose cohort was taken (-1: none), so a step reached by a controller
 * that did not take cohorts yet (a rolling upgrade) is told apart from an empty cohort, and taken by the leader.
 * Rollouts active when this runs get their reached label cohorts taken now.
 */
export const rolloutCohorts: Migration = {
  name: '0029-rollout-cohorts',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('rollout_cohort_members')
      .addColumn('rollout_id', 'text', (col) => col.notNull().references('rollouts.id').onDelete('cascade'))
      .addColumn('step', 'integer', (col) => col.notNull())
      .addColumn('agent_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('rollout_cohort_members_pk', ['rollout_id', 'step', 'agent_id'])
      .execute();
    await db.schema
      .createTable('rollout_step_figures')
      .addColumn('rollout_id', 'text', (col) => col.notNull().references('rollouts.id').onDelete('cascade'))
      .addColumn('step', 'integer', (col) => col.notNull())
      .addColumn('agents', 'integer', (col) => col.notNull())
      .addColumn('sample', 'integer', (col) => col.notNull())
      .addColumn('min_sample', 'integer', (col) => col.notNull())
      .addColumn('fail', 'integer', (col) => col.notNull())
      .addColumn('not_reporting', 'integer', (col) => col.notNull())
      .addColumn('newly_erroring', 'integer', (col) => col.notNull())
      .addColumn('measured_at', timestamp, (col) => col.notNull())
      .addPrimaryKeyConstraint('rollout_step_figures_pk', ['rollout_id', 'step'])
      .execute();
    await db.schema
      .alterTable('rollouts')
      .addColumn('cohorts_taken', 'integer', (col) => col.notNull().defaultTo(-1))
      .execute();
    const active = await sql<{ id: string; step: number; cohorts: string }>`
      select id, step, cohorts from rollouts where state in ('running', 'paused')`.execute(db);
    for (const rollout of active.rows) {
      const steps = JSON.parse(rollout.cohorts) as Array<{ labels: string[] | null }>;
      for (const [index, { labels }] of steps.entries()) {
        if (index > rollout.step || labels === null || labels.length === 0) continue;
        await sql`insert into rollout_cohort_members (rollout_id, step, agent_id)
          select distinct cast(${rollout.id} as text), cast(${index} as integer), agent_id from agent_labels
          where label_id in (${sql.join(labels)})`.execute(db);
      }
      await sql`update rollouts set cohorts_taken = step where id = ${rollout.id}`.execute(db);
    }
  },
};
