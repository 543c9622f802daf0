import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePorts } from './ports.mjs';
import { onBenchExit, startServer, stopServer } from './child.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTROLLER_BIN = join(ROOT, 'server', 'bin', 'telegraf-controller.js');

/**
 * The built controller on free loopback ports with a fresh SQLite file. It runs in a temp dir that is also its
 * HOME, with only PATH inherited, so no `.env`, data dir or option variable of the developer's shell leaks in;
 * `env` adds the variables a benchmark needs (such as OWNER_* to create an owner and a token at start-up).
 * `database` replaces the fresh SQLite file, e.g. with the URL of a PostgreSQL database from `lib/postgres.mjs`;
 * `nodeArgs` are options for node itself (such as `--trace-gc`), before the controller's script. `logLevel`
 * (`--log-level`, default `warn`) is `info` for a benchmark that reads what the controller logs (`output()`).
 */
export async function startController({ env = {}, database, nodeArgs = [], logLevel = 'warn' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'telegraf-controller-bench-'));
  const releaseDir = onBenchExit(() => rmSync(dir, { recursive: true, force: true }));
  const [port, heartbeatPort] = await findFreePorts(2);
  const apiUrl = `http://127.0.0.1:${port}`;
  const target = database ?? join(dir, 'bench.db');
  // BENCH_CPU_PROFILE_DIR=<dir>: the controller writes a V8 CPU profile there when it stops (open it in DevTools).
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR && resolve(process.env.BENCH_CPU_PROFILE_DIR);
  const args = [
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    nodeArgs,
    CONTROLLER_BIN,
    ['--port', String(port)],
    ['--heartbeat-port', String(heartbeatPort)],
    ['--host', '127.0.0.1'],
    ['--database', target],
    '--no-interactive',
    ['--log-level', logLevel],
  ].flat();
  try {
    const server = await startServer({
      name: 'controller',
      command: process.execPath,
      args,
      cwd: dir,
      env: { ...env, PATH: process.env.PATH ?? '', HOME: dir },
      probeUrl: `${apiUrl}/health/live`,
    });
    return { ...server, apiUrl, heartbeatUrl: `http://127.0.0.1:${heartbeatPort}`, database: target, dir, releaseDir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    releaseDir();
    throw error;
  }
}

/** Stops the controller, removes its temp dir and returns how it ended (a clean stop is exit code 0). */
export async function stopController(controller) {
  try {
    return await stopServer(controller);
  } finally {
    rmSync(controller.dir, { recursive: true, force: true });
    controller.releaseDir();
  }
}

/**
 * A bare node:http server from `bench/baseline/<script>`; `probePath` must answer 200 once it listens. `args` follow
 * the port on its command line (e.g. the file holding the bytes it serves).
 */
export async function startBaseline(script, probePath, args = []) {
  const [port] = await findFreePorts(1);
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer({
    name: `baseline ${script}`,
    command: process.execPath,
    args: [join(ROOT, 'bench', 'baseline', script), String(port), ...args],
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    probeUrl: `${url}${probePath}`,
    timeoutMs: 10_000,
  });
  return { ...server, url };
}
