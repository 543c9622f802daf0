// `npm run soak -- --minutes 10 --agents 100000 --engine sqlite`: a long run of the built controller under a steady
// fleet (one heartbeat a minute per agent) and a UI client polling the agents page. Prints one row per minute (per
// 30 s up to 5 minutes): heap after full GCs, RSS, heartbeat, agent-list and /health/live latency; then a Markdown
// summary that says whether the heap stayed flat. docs/soak.md explains every figure. Not part of CI.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuilt, ensureInstalled } from './prepare.mjs';

const HELP = `Usage: npm run soak -- [options]

  --minutes N          how long the load runs, whole minutes from 2 (default 10)
  --agents N           agents in the fleet, each beating once a minute (default 100000: 1,667 heartbeats/s)
  --engine E           sqlite (a fresh file) or postgres (a fresh database on BENCH_POSTGRES_URL or
                       postgres://postgres@127.0.0.1:5432/postgres) (default sqlite)
  --out FILE           also write the Markdown summary to FILE
  -h, --help           this text

Exits 0 when the heap after full GCs stayed flat (within 10 %) and nothing failed, 1 otherwise, 130 on Ctrl-C.
`;

function readOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        minutes: { type: 'string', default: '10' },
        agents: { type: 'string', default: '100000' },
        engine: { type: 'string', default: 'sqlite' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    fail(error.message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const whole = (name, min, max) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max) {
      fail(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got "${values[name]}")`);
    }
    return value;
  };
  if (!['sqlite', 'postgres'].includes(values.engine)) fail(`--engine is sqlite or postgres (got "${values.engine}")`);
  return {
    // The first minute is the warm-up lap, and the heap is compared between two later windows.
    minutes: whole('minutes', 2, 24 * 60),
    agents: whole('agents', 60, 1_000_000),
    engine: values.engine,
    // `npm run` starts scripts in the workspace root; a relative path is meant from where the command was typed.
    out: values.out === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), values.out),
  };
}

function fail(message) {
  process.stderr.write(`soak: ${message}\n\n${HELP}`);
  process.exit(2);
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  ensureInstalled();
  ensureBuilt();
  // Imported only now: these read the built server and the installed dependencies.
  const { runSoak } = await import('../bench/lib/soak.mjs');
  const report = await import('../bench/lib/soak-report.mjs');

  // Ctrl-C once: stop the load, let the controller stop, print what was measured. Twice: exit at once (the exit
  // hooks of bench/lib/child.mjs still kill the controller, remove its temp dir and drop its database).
  const interrupt = new AbortController();
  const onSignal = () => {
    if (interrupt.signal.aborted) process.exit(130);
    console.log('\nstopping: the open window is dropped (Ctrl-C again to quit at once)');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const command = `npm run soak -- --minutes ${options.minutes} --agents ${options.agents} --engine ${options.engine}`;
  console.log(`${command}: starting the controller...`);
  const generatedAt = new Date().toISOString();
  const result = await runSoak({
    ...options,
    signal: interrupt.signal,
    onStart: (started) => {
      console.log(report.describeStart(options, started));
      console.log(report.formatConsoleHeader());
    },
    onWindow: (row) => console.log(report.formatConsoleRow(row)),
  });

  const markdown = report.renderSoakMarkdown(result, { command, generatedAt });
  console.log(`\n${markdown}`);
  if (options.out) {
    writeFileSync(options.out, markdown);
    console.log(`wrote ${options.out}`);
  }
  console.log(report.describeVerdict(result));
  const failed =
    result.problems.length > 0 ||
    !result.heap.flat ||
    (result.totals !== undefined && (result.totals.errors > 0 || result.totals.accepted < result.totals.answered));
  return result.interrupted ? 130 : failed ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`soak: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
// Some clean-up waits race a timer against the controller's exit; the timers that lost would hold the process open.
process.exit();
