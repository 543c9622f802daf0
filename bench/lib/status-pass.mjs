import { sql } from 'kysely';
import { runStatusPass } from '../../server/dist/modules/agents/status-scheduler.js';
import { below, figure, formatCount, formatMs } from './figures.mjs';
import {
  openFleetDatabase,
  seedFleet,
  settleStatistics,
  spreadLastSeen,
  temporaryDatabase,
} from './fleet-database.mjs';

export const FLEET_SIZE = 200_000;
const PASSES = 5;
const SPAN_MS = 3600_000;
const DAY_MS = 86_400_000;

/** Seeding 200k agents, then 15 passes and the resets between them: a rough upper bound. */
export const ESTIMATED_SECONDS = 240;

/**
 * `runStatusPass` (the scheduler's pass, in the bench process, on the controller's own database code) over 200,000
 * agents on `engine`, last seen spread over an hour, under the default rule. Which agents cross the threshold is
 * chosen with the pass's `now`: about 1 % (a typical minute), the same with one minute's statistics rows aged past
 * 24 hours (what a fleet beating once a minute leaves to purge each pass), and every agent (the worst case).
 * Each case runs 5 times; between runs the agents get their reported status back (not timed). The pass works in
 * chunks (ADR 21), as the scheduler runs it.
 */
export async function measureStatusPasses(engine) {
  const notes = [];
  const problems = [];
  const { target, release } = await temporaryDatabase(engine, 'pass');
  let handle;
  try {
    handle = await openFleetDatabase(target);
    const newest = Date.now();
    const started = performance.now();
    await seedFleet(handle, { count: FLEET_SIZE, lastSeenAt: spreadLastSeen(FLEET_SIZE, newest, SPAN_MS) });
    await settleStatistics(handle);
    notes.push(
      `${formatCount(FLEET_SIZE)} agents written through the heartbeat buffer in ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s, last seen spread over the hour before the run`,
    );
    const [rule] = (await handle.db.selectFrom('reportingRules').selectAll().execute()).filter((r) => r.isDefault);
    const thresholdMs = rule.notReportingAfterSeconds * 1000;
    const oldest = newest - SPAN_MS;
    // ADR 21 amends the table: a typical pass < 1 s; the worst case (a network cut) within one status interval,
    // in chunks that hold nothing for long (the mass-silence bench measures that on a running controller).
    const typical = below(1000, 'every pass < 1 s');
    const cases = [
      {
        label: 'typical: ~1 % of agents cross',
        now: oldest + SPAN_MS * 0.01 + thresholdMs,
        aged: false,
        goal: typical,
      },
      {
        label: 'typical + 1 minute of statistics to purge',
        now: oldest + SPAN_MS * 0.01 + thresholdMs,
        aged: true,
        goal: typical,
      },
      {
        label: 'worst: every agent crosses',
        now: newest + thresholdMs + 1000,
        aged: false,
        goal: below(60_000, 'within one status interval (60 s)'),
      },
    ];
    const figures = [];
    const rows = [];
    for (const { label, now, aged, goal } of cases) {
      const durations = [];
      let result;
      for (let pass = 0; pass < PASSES; pass += 1) {
        await resetAgents(handle, aged ? now - DAY_MS - 30_000 : undefined);
        const began = performance.now();
        result = await runStatusPass(handle, now);
        durations.push(performance.now() - began);
      }
      if (!result.ran) problems.push(`${label}: the pass did not run (${result.reason})`);
      const sorted = [...durations].sort((a, b) => a - b);
      const [median, max] = [sorted[Math.floor(sorted.length / 2)], sorted.at(-1)];
      figures.push(
        figure(label, max, {
          shown: `${formatMs(median)} ms (max ${formatMs(max)})`,
          target: goal,
        }),
      );
      rows.push([
        label,
        formatCount(result.notReporting ?? 0),
        formatCount(result.statisticsPurged ?? 0),
        ...durations.map(formatMs),
      ]);
    }
    const columns = ['case', 'marked not reporting', 'statistics purged', ...durationHeaders()].map((header, i) => ({
      header,
      align: i === 0 ? 'left' : 'right',
    }));
    notes.push(
      `default rule: not reporting after ${rule.notReportingAfterSeconds} s; figures are the median (and max) of ` +
        `${PASSES} passes, judged on the max`,
    );
    return { figures, tables: [{ title: 'Each pass (ms):', columns, rows }], notes, problems };
  } finally {
    await handle?.close();
    await release();
  }
}

function durationHeaders() {
  return Array.from({ length: PASSES }, (_, i) => `pass ${i + 1}`);
}

/**
 * Every agent back to the status it reports, as heartbeats would put it; with `agedAt`, one statistics row per
 * agent at that time, as a fleet beating once a minute leaves behind every minute once a day has passed.
 */
async function resetAgents(handle, agedAt) {
  // As after a pass that saw them report again: status back, and no mark left for the timed pass to clear.
  await sql`update agents set status = reported_status, not_reporting_marked = 0
    where status = 'not_reporting' or not_reporting_marked = 1`.execute(handle.db);
  if (agedAt === undefined) return;
  await sql`insert into agent_statistics (agent_id, at, errors, warnings, metrics)
    select id, ${new Date(agedAt).toISOString()}, 0, 0, 500 from agents where true on conflict do nothing`.execute(
    handle.db,
  );
}
