import { expect } from 'vitest';
import { releaseAfterTest } from '../harness.js';
import { startAgent, type RunningAgent } from './telegraf-agent.js';

export interface SupervisedAgent {
  /** How often the agent was started again after it exited. */
  restarts(): number;
  /** The run started last: running, or exited and waiting for its restart. */
  current(): RunningAgent;
  /** Everything every run wrote, oldest run first. */
  output(): string;
  /** How often the output of every run matches so far. */
  count(pattern: RegExp): number;
  /** Waits until the output of any run matches, up to `timeoutMs`, across restarts. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Ends the supervision and the run in progress. */
  stop(): Promise<void>;
}

/**
 * A Telegraf kept running as a service manager keeps it (systemd's `Restart=always` with a `RestartSec`): started
 * with `argv` as `startAgent` starts it, and started again `restartDelayMs` after every exit, whatever its code, until
 * the test ends.
 */
export function superviseAgent(
  telegraf: string,
  argv: string[],
  env: Record<string, string> = {},
  { restartDelayMs = 1_000 }: { restartDelayMs?: number } = {},
): SupervisedAgent {
  const runs: RunningAgent[] = [];
  let stopped = false;
  let pending: NodeJS.Timeout | undefined;
  const stop = async () => {
    stopped = true;
    clearTimeout(pending);
    await runs.at(-1)?.stop();
  };
  const start = () => {
    if (stopped) return;
    const run = startAgent(telegraf, argv, env);
    // Cleanups run last-first: registered after the run's own, this one ends the supervision before the run is
    // stopped, so no run is started again while the test is torn down.
    releaseAfterTest(stop);
    runs.push(run);
    run.process.once('exit', () => {
      if (!stopped) pending = setTimeout(start, restartDelayMs);
    });
  };
  start();

  const output = () => runs.map((run) => run.output()).join('');
  return {
    restarts: () => runs.length - 1,
    current: () => runs.at(-1)!,
    output,
    count: (pattern) => [...output().matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output().match(pattern);
        if (match) return match;
        if (Date.now() > deadline) {
          expect.fail(`no run of Telegraf (${runs.length}) ever printed ${pattern}:\n${output().slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop,
  };
}
