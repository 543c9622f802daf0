#!/usr/bin/env node
// Builds a real Telegraf for the interop tests from its Go module, at a pinned version, as a custom build with the
// plugins the tests use, the version stamped in as Telegraf's Makefile does. The binary is cached outside the
// repository by version and reused; `TELEGRAF_BIN` names an existing binary instead. Never fakes a binary: if the
// module or a dependency cannot be fetched, it says so in one line and exits 1.
//
//   node scripts/telegraf.mjs [--version 1.39.3]     build (or reuse) and print the binary's path
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { TELEGRAF_PLUGINS, TELEGRAF_VERSION, cachedBinary, telegrafBinary } from './lib/telegraf-binary.mjs';

const { values } = parseArgs({ options: { version: { type: 'string', default: TELEGRAF_VERSION } } });
const version = values.version.replace(/^v/, '');

if (process.env.TELEGRAF_BIN) {
  const given = telegrafBinary(version);
  if (!given) fail(`TELEGRAF_BIN names ${process.env.TELEGRAF_BIN}, which does not exist`);
  report(given);
  process.exit(0);
}

const target = cachedBinary(version);
if (existsSync(target) && reportedVersion(target)?.startsWith(`Telegraf ${version}`)) {
  report(target);
  process.exit(0);
}

const go = existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';
const module = `github.com/influxdata/telegraf@v${version}`;
console.log(`[telegraf] building Telegraf ${version} from ${module} (a few minutes the first time)`);
const downloaded = spawnSync(go, ['mod', 'download', '-json', module], { encoding: 'utf8' });
let source;
try {
  const info = JSON.parse(downloaded.stdout);
  if (info.Error) fail(`the module proxy refused ${module}: ${firstLine(info.Error)}`);
  source = info.Dir;
} catch {
  fail(`cannot fetch ${module}: ${firstLine(downloaded.stderr) || `go exited ${downloaded.status}`}`);
}

const internal = 'github.com/influxdata/telegraf/internal';
const origin = JSON.parse(downloaded.stdout).Origin ?? {};
const commit = (origin.Hash ?? 'unknown').slice(0, 8);
const ldflags = [
  `-X ${internal}.Version=${version}`,
  `-X ${internal}.Commit=${commit}`,
  `-X ${internal}.Branch=HEAD`,
].join(' ');
mkdirSync(dirname(target), { recursive: true });
const partial = `${target}.partial`;
const built = spawnSync(
  go,
  ['build', '-tags', ['custom', ...TELEGRAF_PLUGINS].join(','), '-ldflags', ldflags, '-o', partial, './cmd/telegraf'],
  // The module cache is read-only and outside any workspace: build it as its own main module.
  { cwd: source, encoding: 'utf8', env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' } },
);
if (built.status !== 0) {
  rmSync(partial, { force: true });
  fail(`go build of Telegraf ${version} failed: ${lastError(built.stderr) || `go exited ${built.status}`}`);
}
renameSync(partial, target);
const stamped = reportedVersion(target);
if (!stamped?.startsWith(`Telegraf ${version}`)) fail(`the built binary reports "${stamped}", not Telegraf ${version}`);
report(target);

function reportedVersion(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

function report(binary) {
  console.log(`[telegraf] ${reportedVersion(binary) ?? 'unknown version'} at ${binary}`);
}

function firstLine(text = '') {
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}

function lastError(text = '') {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.find((line) => /error|cannot|refused|not found/i.test(line)) ?? lines.at(-1) ?? '';
}

function fail(message) {
  console.error(`[telegraf] ${message}`);
  process.exit(1);
}
