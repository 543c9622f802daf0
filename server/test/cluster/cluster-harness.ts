import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { freePort } from '../free-port.js';
import { releaseAfterTest } from '../harness.js';
import { NGINX, startNginx as startBalancer } from '../../../scripts/lib/nginx.mjs';

const BIN = fileURLToPath(new URL('../../bin/telegraf-controller.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The marker the cluster suites' names carry, listed by the test summary when they were skipped. */
export const NEEDS_NGINX = '[needs nginx]';

/**
 * A cluster suite: controller processes and nginx. Where nginx is installed it runs; elsewhere it is reported as
 * skipped under its name; where it is required (`TC_REQUIRE_NGINX=1`, as CI sets it), its absence is a failure.
 */
export function describeCluster(name: string, suite: () => void): void {
  const title = `${name} ${NEEDS_NGINX}`;
  if (NGINX !== undefined) describe(title, suite);
  else if (process.env.TC_REQUIRE_NGINX === '1') {
    describe(title, () => {
      it('finds nginx', () => {
        throw new Error('no nginx: apt-get install nginx-light (TC_REQUIRE_NGINX=1)');
      });
    });
  } else {
    describe.skip(title, () => {
      it('runs where nginx is installed (Debian: apt-get install nginx-light)', () => undefined);
    });
  }
}

/** How often the leader judges rollouts, and each node writes what it served, in a test cluster. */
export const ROLLOUT_INTERVAL_MS = 200;
export const FETCH_RECORD_INTERVAL_MS = 200;

export interface ClusterSettings {
  databaseUrl: string;
  ownerToken: string;
  /** Intervals every node runs with (milliseconds, seconds for the status check). */
  pollMs: number;
  leaderRetryMs: number;
  statusCheckSeconds: number;
}

export interface Node {
  readonly name: string;
  readonly api: string;
  readonly heartbeat: string;
  process(): ChildProcess;
  output(): string;
  /** Starts the process (again, after a stop) on the same ports; resolves once it answers /health/ready. */
  start(): Promise<void>;
  /** SIGKILL or SIGTERM; resolves once the process has exited. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** One controller process of the cluster, from the built binary, on its own ports. */
export async function clusterNode(name: string, settings: ClusterSettings): Promise<Node> {
  if (!existsSync(DIST)) throw new Error('server/dist is missing: run "npm run build" first (npm test does)');
  const [apiPort, heartbeatPort] = [await freePort(), await freePort()];
  const home = mkdtempSync(join(tmpdir(), `tc-node-${name}-`));
  let child: ChildProcess | undefined;
  let output = '';
  const node: Node = {
    name,
    api: `http://127.0.0.1:${apiPort}`,
    heartbeat: `http://127.0.0.1:${heartbeatPort}`,
    process: () => child!,
    output: () => output,
    async start() {
      child = spawn(process.execPath, [BIN, '--no-interactive'], {
        cwd: home,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          HOST: '127.0.0.1',
          APP_PORT: String(apiPort),
          HEARTBEAT_PORT: String(heartbeatPort),
          DATABASE_URL: settings.databaseUrl,
          HA_ENABLED: 'true',
          HA_POLL_INTERVAL_MS: String(settings.pollMs),
          HA_LEADER_RETRY_MS: String(settings.leaderRetryMs),
          STATUS_CHECK_INTERVAL_SECONDS: String(settings.statusCheckSeconds),
          ROLLOUT_INTERVAL_MS: String(ROLLOUT_INTERVAL_MS),
          FETCH_RECORD_INTERVAL_MS: String(FETCH_RECORD_INTERVAL_MS),
          SESSION_SECRET: 'cluster-test-session-secret-0123456789abcdef',
          OWNER_USERNAME: 'cluster-owner',
          OWNER_EMAIL: 'owner@example.com',
          OWNER_PASSWORD: 'cluster-owner-password',
          OWNER_TOKEN: settings.ownerToken,
          TRUST_PROXY: 'loopback',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-64_000)));
      child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-64_000)));
      const ready = await until(async () => (await fetch(`${node.api}/health/ready`)).status === 200, 100, 300);
      if (!ready) throw new Error(`node ${name} did not become ready:\n${output.slice(-3000)}`);
    },
    async stop(signal) {
      const running = child;
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill(signal);
      await exited;
    },
  };
  releaseAfterTest(async () => {
    await node.stop('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });
  return node;
}

/** nginx in front of the nodes (`scripts/lib/nginx.mjs`, also used by the bench), stopped after the test. */
export async function startNginx(nodes: readonly Node[]): Promise<{ api: string; heartbeat: string }> {
  const hostPort = (url: string) => url.replace('http://', '');
  const balancer = await startBalancer({
    api: nodes.map((node) => hostPort(node.api)),
    heartbeat: nodes.map((node) => hostPort(node.heartbeat)),
  });
  releaseAfterTest(balancer.stop);
  return balancer;
}

/** Checks up to `tries` times, `everyMs` apart; whether `check` held (a throw counts as not yet). */
export async function until(check: () => Promise<boolean>, everyMs: number, tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i += 1) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}
