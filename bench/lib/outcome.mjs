// What each side is called in the report unless a benchmark exports its own `sides`.
const DEFAULT_SIDES = { controller: 'controller', baseline: 'baseline' };

/**
 * Runs one benchmark module and turns what it measured into a report row. A module exports `name`, `target`
 * (`null`, or `{ label, isMet({ ratio, controller, baseline }) }`), optionally `sides` (what its controller and
 * baseline sides are called in the report) and `run(settings)` resolving to `{ controller, baseline, notes,
 * problems }` where both sides come from `measureAgainstBaseline`. It may add `figures` (from `lib/figures.mjs`,
 * each judged against its own target) and `tables` (`{ title, columns, rows }` shown in its section). A module
 * exporting `kind = 'figures'` measures no rate against a baseline: its `run` resolves to `{ figures, tables,
 * notes, problems }` only. `file` is the module's file name, from which the command that re-runs it is given.
 */
export async function runBenchmark(benchmark, settings, file) {
  const kind = benchmark.kind ?? 'ratio';
  const targetLabel = benchmark.target?.label ?? 'no target';
  const sides = { ...DEFAULT_SIDES, ...benchmark.sides };
  const command = file === undefined ? undefined : `npm run bench -- ${file.replace(/\.bench\.mjs$/, '')}`;
  try {
    const measured = await benchmark.run(settings);
    const figuresOnly = kind === 'figures';
    const ratio = figuresOnly ? undefined : measured.controller.requestsPerSec / measured.baseline.requestsPerSec;
    const problems = [...measured.problems, ...(figuresOnly ? [] : findLoadErrors(measured, sides))];
    const figures = judgeFigures(measured.figures ?? [], problems);
    return {
      name: benchmark.name,
      kind,
      targetLabel,
      sides,
      command,
      tables: [],
      ...measured,
      figures,
      ratio,
      problems,
      met: figuresOnly ? overall(figures) : judge(benchmark.target, { ...measured, ratio }, problems),
    };
  } catch (error) {
    return {
      name: benchmark.name,
      kind,
      targetLabel,
      sides,
      command,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

// Every figure is judged on its own; a problem (errors under load, a missing agent) voids every verdict.
function judgeFigures(figures, problems) {
  return figures.map((figure) => ({
    ...figure,
    targetLabel: figure.target?.label ?? 'no target',
    met: judge(figure.target && { isMet: () => figure.target.isMet(figure.value) }, figure, problems),
  }));
}

function overall(figures) {
  const verdicts = figures.map((figure) => figure.met).filter((met) => met !== '—');
  if (verdicts.length === 0) return '—';
  return verdicts.every((met) => met === 'yes') ? 'yes' : 'no';
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
