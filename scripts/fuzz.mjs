// `npm run fuzz [-- --runs N] [--seconds S] [--seed X]`: the hostile-input properties (server/test/hostile) on
// SQLite and on PostgreSQL, longer than `npm test` runs them: N cases per property (default 100,000), within S
// seconds per property (default 0: no limit). A failure prints the seed; `--seed` replays it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, ensureBuilt, ensureInstalled, say } from './prepare.mjs';
import { ensurePostgres } from './services.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { runs: { type: 'string' }, seconds: { type: 'string' }, seed: { type: 'string' } },
  strict: true,
});
const whole = (raw, name) => {
  if (raw !== undefined && !/^\d+$/.test(raw)) {
    say(`--${name} must be a whole number (got "${raw}")`);
    process.exit(2);
  }
  return raw;
};
const env = {
  ...process.env,
  FUZZ_RUNS: whole(values.runs, 'runs') ?? '100000',
  FUZZ_SECONDS: whole(values.seconds, 'seconds') ?? '0',
  ...(values.seed !== undefined ? { FUZZ_SEED: whole(values.seed, 'seed') } : {}),
};

ensureInstalled();
ensureBuilt();
ensurePostgres();
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
let failed = false;
for (const project of ['sqlite', 'postgres']) {
  say(
    `hostile-input properties on ${project}: ${env.FUZZ_RUNS} cases each, ${env.FUZZ_SECONDS === '0' ? 'no time limit' : `${env.FUZZ_SECONDS} s each`}`,
  );
  const result = spawnSync(
    process.execPath,
    [vitest, 'run', '--project', project, '--testTimeout=0', 'server/test/hostile/'],
    { cwd: ROOT, stdio: 'inherit', env },
  );
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
