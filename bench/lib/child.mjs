import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchText } from './probe.mjs';

const OUTPUT_TAIL_BYTES = 16 * 1024;
const exitHooks = new Set();

// Whatever ends the bench process (success, a thrown error, Ctrl-C) must not leave a server or a temp dir behind.
process.on('exit', () => {
  for (const hook of exitHooks) hook();
});

/** Registers a synchronous clean-up that runs if the bench process exits before `release()` is called. */
export function onBenchExit(hook) {
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

/**
 * Spawns a server and resolves once `probeUrl` answers 200. Rejects, after killing the child, when it exits first
 * or does not answer within `timeoutMs`; the error carries the tail of its output so the cause can be read.
 */
export async function startServer({ name, command, args, env, cwd, probeUrl, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const release = onBenchExit(() => child.kill('SIGKILL'));
  exited.then(release);
  const server = { name, child, exited, output: () => output };

  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    const exit = await Promise.race([exited, sleep(100, null)]);
    if (exit) throw new Error(`${name} ended (${describeExit(exit)}) before answering ${probeUrl}${tail(output)}`);
    try {
      const response = await fetchText(probeUrl, 1000);
      if (response.status === 200) return server;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error.message;
    }
  }
  child.kill('SIGKILL');
  await exited;
  throw new Error(
    `${name} did not answer 200 at ${probeUrl} within ${timeoutMs / 1000} s (last: ${lastProblem})${tail(output)}`,
  );
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves with how the process ended. */
export async function stopServer(server, timeoutMs = 10_000) {
  server.child.kill('SIGTERM');
  const exit = await Promise.race([server.exited, sleep(timeoutMs, null)]);
  if (exit) return { ...exit, timedOut: false };
  server.child.kill('SIGKILL');
  return { ...(await server.exited), timedOut: true };
}

export function describeExit({ code, signal, error, timedOut }) {
  if (error) return `could not start: ${error.message}`;
  const how = code === null ? `signal ${signal}` : `exit code ${code}`;
  return timedOut ? `${how} after it ignored SIGTERM` : how;
}

function tail(output) {
  const text = output.trim();
  return text === '' ? ' (no output)' : `\n--- last output ---\n${text.slice(-4000)}`;
}
