// The outside services the tests need, started or installed when they are missing and this machine allows it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

import { say } from './prepare.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function reachable(host, port) {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s=require('net').createConnection({host:${JSON.stringify(host)},port:${port}});` +
        `s.setTimeout(2000);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`,
    ],
    { stdio: 'ignore' },
  );
  return probe.status === 0;
}

/** The PostgreSQL tests use TEST_DATABASE_URL, else the local server, which is started if it is down. */
export function ensurePostgres() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (reachable(host, port)) return;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (local && existsSync('/etc/postgresql')) {
    for (const version of readdirSync('/etc/postgresql')) {
      say(`starting PostgreSQL ${version}`);
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
    for (let i = 0; i < 30 && !reachable(host, port); i++) execFileSync('sleep', ['1']);
    if (reachable(host, port)) return;
  }
  say(`PostgreSQL is not reachable at ${host}:${port}; set TEST_DATABASE_URL or start it`);
  process.exit(1);
}

/** The browser tests drive Debian's Chromium; as root, install it when it is missing. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    say('installing Chromium for the browser tests (apt-get install chromium)');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.status === 0 && existsSync(CHROMIUM)) return;
  }
  say(`Chromium is missing at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  process.exit(1);
}
