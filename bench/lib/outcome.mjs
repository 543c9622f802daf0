// What each side is called in the report unless a benchmark exports its own `sides`.
const DEFAULT_SIDES = { controller: 'controller', baseline: 'baseline' };

/**
 * Runs one benchmark module and turns what it measured into a report row. A module exports `name`, `target`
 * (`null`, or `{ label, isMet({ ratio, controller, baseline }) }`), optionally `sides` (what its controller and
 * baseline sides are called in the report) and `run(settings)` resolving to `{ controller, baseline, notes,
 * problems }` where both sides come from `measureAgainstBaseline`.
 */
export async function runBenchmark(benchmark, settings) {
  const targetLabel = benchmark.target?.label ?? 'no target';
  const sides = { ...DEFAULT_SIDES, ...benchmark.sides };
  try {
    const measured = await benchmark.run(settings);
    const ratio = measured.controller.requestsPerSec / measured.baseline.requestsPerSec;
    const problems = [...measured.problems, ...findLoadErrors(measured, sides)];
    return {
      name: benchmark.name,
      targetLabel,
      sides,
      ...measured,
      ratio,
      problems,
      met: judge(benchmark.target, { ...measured, ratio }, problems),
    };
  } catch (error) {
    return { name: benchmark.name, targetLabel, sides, error: error instanceof Error ? error.message : String(error) };
  }
}

// A server that answers errors quickly looks fast; a run with failed requests measures nothing worth comparing.
// An answer is unexpected when its status is not the side's `expectStatus` (any 2xx unless the benchmark says).
function findLoadErrors({ controller, baseline }, sides) {
  return [
    ['controller', controller],
    ['baseline', baseline],
  ]
    .filter(([, stats]) => stats.errors + stats.timeouts + stats.unexpected > 0)
    .map(
      ([side, stats]) =>
        `${sides[side]} had ${stats.errors} errors, ${stats.timeouts} timeouts and ${stats.unexpected} answers ` +
        `other than ${stats.expectStatus} under load`,
    );
}

function judge(target, measured, problems) {
  if (!target) return '—';
  if (problems.length > 0) return 'no (see problems)';
  return target.isMet(measured) ? 'yes' : 'no';
}

/**
 * The common target shape: the controller keeps at least `minRatio` of the baseline's rate. `of` names the
 * baseline in the label when it is not a bare server (e.g. the unauthenticated request).
 */
export function ratioTarget(minRatio, of = 'baseline') {
  return { label: `≥ ${Math.round(minRatio * 100)} % of ${of}`, isMet: ({ ratio }) => ratio >= minRatio };
}
