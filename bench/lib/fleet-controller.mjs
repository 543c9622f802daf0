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
 * `env` adds option variables, `nodeArgs` options for node itself. `stop()` stops it, drops its PostgreSQL database and resolves to the problems found
 * (an unclean exit).
 */
export async function startFleetController(engine, env = {}, nodeArgs = []) {
  const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
  const database = engine === 'postgres' ? await createBenchDatabase() : undefined;
  let controller;
  try {
    controller = await startController({
      env: { ...env, ...OWNER, OWNER_TOKEN: token },
      database: database?.url,
      nodeArgs,
    });
  } catch (error) {
    await database?.drop();
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
        await database?.drop();
      }
      return problems;
    },
  };
}
