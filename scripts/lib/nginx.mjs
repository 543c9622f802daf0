import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx.conf', import.meta.url));

/** Debian's nginx binary, when installed (`apt-get install nginx-light`). */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * nginx with `deploy/nginx.conf` as shipped, but for the nodes' addresses (`host:port` of each node's API and
 * heartbeat listener), its own two loopback ports and its files in a temporary directory. Resolves once it answers
 * `/health/live` through the API upstream; `stop()` ends it and removes its directory.
 */
export async function startNginx({ api, heartbeat }) {
  if (NGINX === undefined) throw new Error('no nginx: apt-get install nginx-light');
  const dir = mkdtempSync(join(tmpdir(), 'tc-nginx-'));
  const [apiPort, heartbeatPort] = [await freePort(), await freePort()];
  let conf = readFileSync(NGINX_CONF, 'utf8');
  const replace = (from, to) => {
    if (!from.test(conf)) throw new Error(`deploy/nginx.conf no longer matches ${from}`);
    conf = conf.replace(from, to);
  };
  const servers = (addresses) => addresses.map((address) => `    server ${address} max_fails=1 fail_timeout=5s;`);
  replace(/(upstream telegraf_controller_api \{\n)(?: {4}server [^\n]+\n)+/, `$1${servers(api).join('\n')}\n`);
  replace(
    /(upstream telegraf_controller_heartbeat \{\n)(?: {4}server [^\n]+\n)+/,
    `$1${servers(heartbeat).join('\n')}\n`,
  );
  replace(/listen 8888;/, `listen 127.0.0.1:${apiPort};`);
  replace(/listen 8000;/, `listen 127.0.0.1:${heartbeatPort};`);
  replace(/^pid [^;]+;/m, `pid ${join(dir, 'nginx.pid')};`);
  replace(/^error_log [^;]+;/m, `error_log ${join(dir, 'error.log')} warn;`);
  replace(/^worker_processes auto;/m, 'worker_processes 1;');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `${kind}_temp_path ${join(dir, kind)};`,
  );
  replace(/^http \{\n/m, `http {\n  ${temp.join('\n  ')}\n`);
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const nginx = spawn(
    NGINX,
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  nginx.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => nginx.once('exit', resolve));
  const stop = async () => {
    if (nginx.exitCode === null && nginx.signalCode === null) {
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  for (let i = 0; i < 100; i += 1) {
    const answered = await fetch(`${apiUrl}/health/live`).then(
      (answer) => answer.status === 200,
      () => false,
    );
    if (answered) return { api: apiUrl, heartbeat: `http://127.0.0.1:${heartbeatPort}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
  await stop();
  throw new Error(`nginx did not answer: ${output}${log}`);
}
