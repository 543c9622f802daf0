/**
 * Runs one benchmark module and turns what it measured into a report row. A module exports `name`, `target`
 * (`null`, or `{ label, isMet({ ratio, controller, baseline }) }`) and `run(settings)` resolving to
 * `{ controller, baseline, notes, problems }` where both sides come from `measureAgainstBaseline`.
 */
export async function runBenchmark(benchmark, settings) {
  const targetLabel = benchmark.target?.label ?? 'no target';
  try {
    const measured = await benchmark.run(settings);
    const ratio = measured.controller.requestsPerSec / measured.baseline.requestsPerSec;
    const problems = [...measured.problems, ...findLoadErrors(measured)];
    return {
      name: benchmark.name,
      targetLabel,
      ...measured,
      ratio,
      problems,
      met: judge(benchmark.target, { ...measured, ratio }, problems),
    };
  } catch (error) {
    return { name: benchmark.name, targetLabel, error: error instanceof Error ? error.message : String(error) };
  }
}

// A server that answers errors quickly looks fast; a run with failed requests measures nothing worth comparing.
function findLoadErrors({ controller, baseline }) {
  return [
    ['controller', controller],
    ['baseline', baseline],
  ]
    .filter(([, stats]) => stats.errors + stats.timeouts + stats.non2xx > 0)
    .map(
      ([side, stats]) =>
        `${side} had ${stats.errors} errors, ${stats.timeouts} timeouts and ${stats.non2xx} non-2xx answers under load`,
    );
}

function judge(target, measured, problems) {
  if (!target) return '—';
  if (problems.length > 0) return 'no (see problems)';
  return target.isMet(measured) ? 'yes' : 'no';
}

/** The common target shape: the controller keeps at least `minRatio` of the baseline's rate. */
export function ratioTarget(minRatio) {
  return { label: `≥ ${Math.round(minRatio * 100)} % of baseline`, isMet: ({ ratio }) => ratio >= minRatio };
}
