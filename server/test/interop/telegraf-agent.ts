import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { telegrafBinary } from '../../../scripts/lib/telegraf-binary.mjs';
import { releaseAfterTest } from '../harness.js';

/** The real Telegraf the interop suite runs (`npm run telegraf:build` builds it; `TELEGRAF_BIN` names another). */
export const TELEGRAF = telegrafBinary();

/** The marker every interop suite's name carries, which the test summary lists when they were skipped. */
export const NEEDS_TELEGRAF = '[needs a Telegraf binary]';

/**
 * An interop suite: real Telegraf processes against a real controller. Where a binary is, it runs; where none is,
 * it is reported as skipped under its name; where one is required (`TC_REQUIRE_TELEGRAF=1`, as CI sets it), its
 * absence is a failure.
 */
export function describeInterop(name: string, suite: (telegraf: string) => void): void {
  const title = `${name} ${NEEDS_TELEGRAF}`;
  if (TELEGRAF !== undefined) {
    describe(title, () => suite(TELEGRAF));
  } else if (process.env.TC_REQUIRE_TELEGRAF === '1') {
    describe(title, () => {
      it('finds a Telegraf binary', () => {
        throw new Error('no Telegraf binary: run "npm run telegraf:build" or set TELEGRAF_BIN (TC_REQUIRE_TELEGRAF=1)');
      });
    });
  } else {
    describe.skip(title, () => {
      it('runs where a Telegraf binary is built ("npm run telegraf:build") or named by TELEGRAF_BIN', () => undefined);
    });
  }
}

export interface RunningAgent {
  process: ChildProcess;
  /** Everything the agent wrote to stdout and stderr so far. */
  output(): string;
  /** Waits until the output matches, up to `timeoutMs`; fails naming the pattern and showing the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** How often the output matches so far. */
  count(pattern: RegExp): number;
  /** Ends the agent (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A directory for one test's agent files, removed after the test. */
export function agentDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-telegraf-'));
  releaseAfterTest(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts a process as an operator would: `argv` is a program and its arguments, or `['bash', '-c', command]` for a
 * command line; `telegraf` is on its PATH (a link to the binary under test) and the environment holds only `env`
 * besides PATH and HOME. Stopped after the test whatever happens.
 */
export function startAgent(telegraf: string, argv: string[], env: Record<string, string> = {}): RunningAgent {
  const bin = agentDirectory();
  symlinkSync(telegraf, join(bin, 'telegraf'));
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: bin, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const killer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(killer);
  };
  releaseAfterTest(stop);
  return {
    process: child,
    output: () => text,
    count: (pattern) => [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = text.match(pattern);
        if (match) return match;
        if (Date.now() > deadline || child.exitCode !== null) {
          expect.fail(`Telegraf's output never matched ${pattern} (exit ${child.exitCode}):\n${text.slice(-4000)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop,
  };
}
