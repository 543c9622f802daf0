// `npm test [-- vitest args]`: install and build if needed, make sure PostgreSQL and Chromium are there, then run
// the suite: unit tests once, every database test on SQLite and on PostgreSQL, and the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureBuilt, ensureInstalled, run, say } from './prepare.mjs';
import { ensureChromium, ensurePostgres } from './services.mjs';

ensureInstalled();
ensureBuilt();
ensurePostgres();
ensureChromium();

const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const extra = process.argv.slice(2);
if (extra.length > 0) {
  run(process.execPath, [vitest, 'run', ...extra]);
  process.exit(0);
}

// `TC_TEST_PROJECTS=unit` runs just those projects, with the same summary (CI's check of a clone without ../shared).
const projects = (process.env.TC_TEST_PROJECTS ?? 'unit,sqlite,postgres,browser').split(',').map((p) => p.trim());
const results = join(ROOT, 'test-results');
mkdirSync(results, { recursive: true });
const summary = [];
let failedRun = false;
for (const project of projects) {
  say(`running the ${project} tests`);
  const outputFile = join(results, `${project}.json`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const report = existsSync(outputFile) ? JSON.parse(readFileSync(outputFile, 'utf8')) : undefined;
  const passed = report?.numPassedTests ?? 0;
  const failed = report?.numFailedTests ?? 0;
  const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
  if (result.status !== 0 || report === undefined || passed === 0) failedRun = true;
  const seconds = Math.round((Date.now() - started) / 1000);
  const slowest = (report?.testResults ?? [])
    .map((file) => ({ name: file.name.replace(`${ROOT}/`, ''), ms: file.endTime - file.startTime }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
  const skippedSuites = new Set(
    (report?.testResults ?? []).flatMap((file) =>
      file.assertionResults
        .filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo')
        .map((test) => test.ancestorTitles[0] ?? test.title),
    ),
  );
  summary.push({ project, passed, failed, skipped, exit: result.status, seconds, slowest, skippedSuites });
}

process.stdout.write('\nTest summary\n');
for (const { project, passed, failed, skipped, exit, seconds, slowest } of summary) {
  process.stdout.write(
    `  ${project.padEnd(9)} ${passed} passed, ${failed} failed, ${skipped} skipped (exit ${exit}) in ${seconds} s; ` +
      `slowest: ${slowest.map(({ name, ms }) => `${name} ${Math.round(ms / 1000)} s`).join(', ')}\n`,
  );
}
const skippedSuites = summary.flatMap(({ project, skippedSuites }) =>
  [...skippedSuites].map((name) => `${project}: ${name}`),
);
if (skippedSuites.length > 0) {
  process.stdout.write(
    'Skipped suites (compatibility suites run where ../shared/telegraf is beside the clone; interop suites where a ' +
      'Telegraf binary is: npm run telegraf:build, or TELEGRAF_BIN; CI requires both):\n',
  );
  for (const line of skippedSuites) process.stdout.write(`  ${line}\n`);
}
const total = summary.reduce((sum, row) => ({ passed: sum.passed + row.passed, failed: sum.failed + row.failed }), {
  passed: 0,
  failed: 0,
});
process.stdout.write(`${total.passed} passed, ${total.failed} failed\n`);
process.exit(failedRun || total.failed > 0 ? 1 : 0);
