// Shared by `npm start`, `npm test` and `npm run dev`: install what is missing and build what is stale, using only
// Node's standard library so it runs on a fresh clone before any dependency exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_STAMP = join(ROOT, 'node_modules', '.tc-installed');
const BUILD_STAMP = join(ROOT, 'node_modules', '.tc-built');
const BUILD_INPUTS = [
  'contract/src',
  'server/src',
  'server/package.json',
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
];

export function say(message) {
  process.stderr.write(`[telegraf-controller] ${message}\n`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    say(`"${[command, ...args].join(' ')}" failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/** `npm ci` when node_modules is missing or was installed from another package-lock.json. */
export function ensureInstalled() {
  const lockHash = createHash('sha256')
    .update(readFileSync(join(ROOT, 'package-lock.json')))
    .digest('hex');
  if (existsSync(INSTALL_STAMP) && readFileSync(INSTALL_STAMP, 'utf8') === lockHash) return;
  say('installing dependencies (first run: a few minutes, better-sqlite3 compiles from source)');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(INSTALL_STAMP, lockHash);
}

function newestChange(path) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((entry) => newestChange(join(path, entry))));
}

/** `npm run build` when a source changed since the last build (or nothing was ever built). */
export function ensureBuilt() {
  const built =
    existsSync(BUILD_STAMP) &&
    existsSync(join(ROOT, 'server', 'dist', 'main.js')) &&
    existsSync(join(ROOT, 'web', 'dist', 'index.html'));
  if (built && statSync(BUILD_STAMP).mtimeMs >= Math.max(...BUILD_INPUTS.map(newestChange))) return;
  say('building the server and the web UI');
  run('npm', ['run', 'build', '--silent']);
  writeFileSync(BUILD_STAMP, new Date().toISOString());
}
