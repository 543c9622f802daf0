// `npm run bench [-- <name filter>...]`: installs and builds the controller if needed (as `npm start` does), runs every bench/*.bench.mjs against its
// same-run baseline and writes bench/RESULTS.md. Exits 1 when a benchmark failed or reported a problem.
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runBenchmark } from '../bench/lib/outcome.mjs';
import { describeMachine, formatPercent, formatRate, renderResults } from '../bench/lib/report.mjs';
import { readSettings } from '../bench/lib/settings.mjs';
import { ensureBuilt, ensureInstalled } from './prepare.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH_DIR = join(ROOT, 'bench');

// Exiting through process.exit runs the clean-up hooks that kill the servers and remove their temp dirs.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function loadBenchmarks(filters) {
  const files = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith('.bench.mjs'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
  if (files.length === 0) throw new Error(`no bench/*.bench.mjs matches ${filters.join(', ')}`);
  return Promise.all(
    files.map(async (file) => ({ file, module: await import(pathToFileURL(join(BENCH_DIR, file)).href) })),
  );
}

/** How the run was started, for RESULTS.md: the filters and a BENCH_DURATION other than the default. */
function describeCommand(filters) {
  const duration = process.env.BENCH_DURATION ? `BENCH_DURATION=${process.env.BENCH_DURATION} ` : '';
  const runs = process.env.BENCH_RUNS ? `BENCH_RUNS=${process.env.BENCH_RUNS} ` : '';
  return `${duration}${runs}npm run bench${filters.length > 0 ? ` -- ${filters.join(' ')}` : ''}`;
}

async function main() {
  const settings = readSettings();
  ensureInstalled();
  ensureBuilt();
  const filters = process.argv.slice(2);
  const benchmarks = await loadBenchmarks(filters);
  const machine = describeMachine(ROOT);
  const generatedAt = new Date().toISOString();
  const outcomes = [];
  for (const { file, module: benchmark } of benchmarks) {
    // Benchmarks that do not load two sides with `measureAgainstBaseline` say how long they take.
    const seconds = benchmark.estimateSeconds?.(settings) ?? 2 * (settings.warmupSeconds + settings.durationSeconds);
    // Only a ratio has a median to take; a benchmark that reports figures runs once.
    const times = benchmark.kind === 'figures' ? 1 : settings.runs;
    const runs = [];
    for (let run = 1; run <= times; run += 1) {
      console.log(`${benchmark.name}${times > 1 ? ` (run ${run} of ${times})` : ''}: at least ${seconds} s...`);
      const outcome = await runBenchmark(benchmark, settings, file);
      runs.push(outcome);
      console.log(outcome.error ? `  failed: ${outcome.error}` : summarize(outcome));
    }
    outcomes.push(medianOf(runs));
  }
  const autocannonVersion = createRequire(import.meta.url)('autocannon/package.json').version;
  const command = describeCommand(filters);
  const markdown = renderResults({ generatedAt, machine, settings, autocannonVersion, outcomes, command });
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), markdown);
  console.log('wrote bench/RESULTS.md');
  return outcomes.some((outcome) => outcome.error || outcome.problems.length > 0) ? 1 : 0;
}

/**
 * Of several runs of one benchmark, the run with the median ratio, noting every run's ratio; a failed run, or a
 * benchmark that reports figures rather than a ratio, makes the last run the one reported.
 */
function medianOf(runs) {
  if (runs.length === 1 || runs.some((run) => run.error || run.kind === 'figures')) return runs.at(-1);
  const sorted = [...runs].sort((a, b) => a.ratio - b.ratio);
  const median = sorted[(sorted.length - 1) / 2];
  const ratios = runs.map((run) => formatPercent(run.ratio)).join(', ');
  return { ...median, notes: [`median of ${runs.length} runs by ratio; the runs measured ${ratios}`, ...median.notes] };
}

function summarize({ kind, controller, baseline, ratio, targetLabel, met, figures, problems }) {
  return [
    ...(kind === 'figures'
      ? []
      : [
          `  controller ${formatRate(controller.requestsPerSec)} req/s, baseline ${formatRate(baseline.requestsPerSec)}` +
            ` req/s: ${formatPercent(ratio)} (${targetLabel}, met: ${met})`,
        ]),
    ...figures.map((figure) => `  ${figure.label}: ${figure.shown} (${figure.targetLabel}, met: ${figure.met})`),
    ...problems.map((problem) => `  problem: ${problem}`),
  ].join('\n');
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
