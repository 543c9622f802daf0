// Where a real Telegraf binary for the tests lives: TELEGRAF_BIN when set, else the build cache outside the
// repository (`$XDG_CACHE_HOME/telegraf-controller/telegraf/<version>/telegraf`). Shared by the build script and the
// interop suite, so both name the same file.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The newest 1.39.x the Go module proxy serves; the interop suite runs against it. */
export const TELEGRAF_VERSION = '1.39.3';

/** The plugins the tests use; a custom build compiles only these (Telegraf's `custom` build tag). */
export const TELEGRAF_PLUGINS = [
  'inputs.cpu',
  'inputs.mem',
  'inputs.exec',
  'inputs.internal',
  'outputs.heartbeat',
  'outputs.file',
  'outputs.discard',
  'parsers.influx',
  'serializers.influx',
  'serializers.json',
];

export function cacheDir(version = TELEGRAF_VERSION) {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'telegraf-controller', 'telegraf', version);
}

export function cachedBinary(version = TELEGRAF_VERSION) {
  return join(cacheDir(version), process.platform === 'win32' ? 'telegraf.exe' : 'telegraf');
}

/** The binary to run: `TELEGRAF_BIN`, or the cached build of `version`; undefined when neither exists. */
export function telegrafBinary(version = TELEGRAF_VERSION) {
  const given = process.env.TELEGRAF_BIN;
  if (given) return existsSync(given) ? given : undefined;
  const cached = cachedBinary(version);
  return existsSync(cached) ? cached : undefined;
}
