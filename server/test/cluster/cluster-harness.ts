import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { freePort } from '../free-port.js';
import { releaseAfterTest } from '../harness.js';

const BIN = fileURLToPath(new URL('../../bin/telegraf-controller.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const NGINX_CONF = fileURLToPath(new URL('../../../deploy/nginx.conf', import.meta.url));
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

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

/**
 * nginx with `deploy/nginx.conf` as shipped, but for the nodes' addresses, its own two ports and its files in a
 * temporary directory; stopped after the test.
 */
export async function startNginx(nodes: readonly Node[]): Promise<{ api: string; heartbeat: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-nginx-'));
  const [apiPort, heartbeatPort] = [await freePort(), await freePort()];
  const servers = (port: (node: Node) => string) =>
    nodes.map((node) => `    server ${port(node)} max_fails=1 fail_timeout=5s;`).join('\n');
  const hostPort = (url: string) => url.replace('http://', '');
  let conf = readFileSync(NGINX_CONF, 'utf8');
  const upstream = (name: string, lines: string) => {
    const pattern = new RegExp(`(upstream ${name} \\{\\n)(?:    server [^\\n]+\\n)+`);
    if (!pattern.test(conf)) throw new Error(`deploy/nginx.conf has no upstream ${name} with server lines`);
    conf = conf.replace(pattern, `$1${lines}\n`);
  };
  upstream(
    'telegraf_controller_api',
    servers((node) => hostPort(node.api)),
  );
  upstream(
    'telegraf_controller_heartbeat',
    servers((node) => hostPort(node.heartbeat)),
  );
  const replace = (from: RegExp, to: string) => {
    if (!from.test(conf)) throw new Error(`deploy/nginx.conf no longer matches ${from}`);
    conf = conf.replace(from, to);
  };
  replace(/listen 8888;/, `listen 127.0.0.1:${apiPort};`);
  replace(/listen 8000;/, `listen 127.0.0.1:${heartbeatPort};`);
  replace(/^pid [^;]+;/m, `pid ${join(dir, 'nginx.pid')};`);
  replace(/^error_log [^;]+;/m, `error_log ${join(dir, 'error.log')} warn;`);
  replace(/^worker_processes auto;/m, 'worker_processes 1;');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `${kind}_temp_path ${join(dir, kind)};`,
  );
  conf = conf.replace(/^http \{\n/m, `http {\n  ${temp.join('\n  ')}\n`);
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const nginx = spawn(
    NGINX!,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  nginx.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => nginx.once('exit', resolve));
  releaseAfterTest(async () => {
    if (nginx.exitCode === null) {
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const api = `http://127.0.0.1:${apiPort}`;
  if (!(await until(async () => (await fetch(`${api}/health/live`)).status === 200, 100, 100))) {
    const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    throw new Error(`nginx did not answer: ${output}${log}`);
  }
  return { api, heartbeat: `http://127.0.0.1:${heartbeatPort}` };
}

/** Checks up to `tries` times, `everyMs` apart; whether `check` held (a throw counts as not yet). */
export async function until(check: () => Promise<boolean>, everyMs: number, tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i += 1) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}
