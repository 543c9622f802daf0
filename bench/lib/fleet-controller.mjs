import { randomBytes } from 'node:crypto';
import { describeExit } from './child.mjs';
import { createBenchDatabase } from './postgres.mjs';
import { startController, stopController } from './servers.mjs';

const OWNER = {
  OWNER_USERNAME: 'bench-owner',
  OWNER_EMAIL: 'bench@example.test',
  OWNER_PASSWORD: 'bench-owner-password',
};

/**
 * The controller on `engine` ('sqlite': a fresh file; 'postgres': a fresh database from `lib/postgres.mjs`), with
 * an owner whose bootstrap token (`token`, fresh each run) has every permission, heartbeat:write included.
 * `env` adds option variables, `nodeArgs` options for node itself. `database` (a SQLite file or a `postgres://`
 * URL) starts it on an existing database instead, which the caller owns and removes; `logLevel` is passed to
 * `startController`. `stop()` stops it, drops the PostgreSQL database it created and resolves to the problems found
 * (an unclean exit).
 */
export async function startFleetController(engine, env = {}, nodeArgs = [], { database, logLevel } = {}) {
  const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
  const created = database === undefined && engine === 'postgres' ? await createBenchDatabase() : undefined;
  let controller;
  try {
    controller = await startController({
      env: { ...env, ...OWNER, OWNER_TOKEN: token },
      database: database ?? created?.url,
      nodeArgs,
      logLevel,
    });
  } catch (error) {
    await created?.drop();
    throw error;
  }
  return {
    ...controller,
    token,
    authorization: `Bearer ${token}`,
    async stop() {
      const problems = [];
      try {
        const exit = await stopController(controller);
        if (exit.code !== 0) {
          const output = controller.output().trim().slice(-600);
          problems.push(`controller did not exit 0 on SIGTERM (${describeExit(exit)})${output ? `: ${output}` : ''}`);
        }
      } finally {
        await created?.drop();
      }
      return problems;
    },
  };
}
