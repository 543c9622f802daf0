// Writes server/src/modules/plugins/plugin-catalogue.ts: the facts about each plugin a default Telegraf build
// registers, read from Telegraf's source (ADR 9). Run by hand for a new Telegraf release, never by npm test or start:
//
//   node scripts/generate-plugin-catalogue.mjs [v1.39.3 | <path to a Telegraf source tree>]
//
// A version is fetched with `go mod download` (the Go module proxy) into the module cache. Only facts are kept:
// type, name, and the versions, tags and operating systems of each README's header lines. No prose is copied.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join(ROOT, 'server/src/modules/plugins/plugin-catalogue.ts');
const MODULE = 'github.com/influxdata/telegraf';
const DEFAULT_VERSION = 'v1.39.3';

/** Plugin types in the order the catalogue lists them; parsers and serializers are `data_format` values. */
const TYPES = ['inputs', 'outputs', 'processors', 'aggregators', 'secretstores', 'parsers', 'serializers'];
/** Types whose READMEs must carry the header lines (parsers' and serializers' READMEs have none). */
const HEADED = new Set(['inputs', 'outputs', 'processors', 'aggregators', 'secretstores']);

const VERSION = /^Telegraf v(\d+\.\d+\.\d+)$/;

function fail(message) {
  console.error(`generate-plugin-catalogue: ${message}`);
  process.exit(1);
}

/** The source tree and what it is: a directory given, or the module version fetched through the Go proxy. */
function locateSource(argument) {
  if (argument !== undefined && existsSync(argument)) {
    return { dir: argument, origin: `the Telegraf source tree at ${argument}`, version: telegrafVersionIn(argument) };
  }
  const version = argument ?? DEFAULT_VERSION;
  let answer;
  try {
    answer = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${version}`], { encoding: 'utf8' }));
  } catch (error) {
    fail(`go mod download ${MODULE}@${version} failed: ${error.message}`);
  }
  if (answer.Error) fail(answer.Error);
  const commit = answer.Origin?.Hash ? `, commit ${answer.Origin.Hash}` : '';
  return { dir: answer.Dir, origin: `${MODULE}@${answer.Version}${commit}`, version: answer.Version.slice(1) };
}

/** A source tree's version from its build_version.txt (a release's next version on master). */
function telegrafVersionIn(dir) {
  const file = join(dir, 'build_version.txt');
  if (!existsSync(file)) fail(`${file} is missing: is ${dir} a Telegraf source tree?`);
  return readFileSync(file, 'utf8').trim();
}

/** Names imported by `plugins/<type>/all/*.go`: what a default build registers (file names do not always match). */
function registeredNames(dir, type) {
  const all = join(dir, 'plugins', type, 'all');
  const names = new Set();
  const imported = new RegExp(`"${MODULE}/plugins/${type}/([a-z0-9_]+)"`, 'g');
  for (const file of readdirSync(all)) {
    if (!file.endsWith('.go') || file.endsWith('_test.go')) continue;
    for (const match of readFileSync(join(all, file), 'utf8').matchAll(imported)) names.add(match[1]);
  }
  return [...names].sort();
}

/** The header lines above a README's first section: ⭐ introduced, 🚩 deprecated, 🔥 removal, 🏷️ tags, 💻 OS. */
function headerFacts(readme, type, name) {
  const facts = { introduced: null, deprecated: null, removal: null, tags: [], os: [] };
  const version = (text) => {
    const match = VERSION.exec(text.replace(/<!--.*?-->/g, '').trim());
    if (!match) fail(`${type}.${name}: "${text}" is not "Telegraf vX.Y.Z"`);
    return match[1];
  };
  const list = (text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  for (const line of readme.split('\n')) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('⭐')) facts.introduced = version(line.slice('⭐'.length));
    else if (line.startsWith('🚩')) facts.deprecated = version(line.slice('🚩'.length));
    else if (line.startsWith('🔥')) facts.removal = version(line.slice('🔥'.length));
    else if (line.startsWith('🏷️')) facts.tags = list(line.slice('🏷️'.length));
    else if (line.startsWith('💻')) facts.os = list(line.slice('💻'.length));
  }
  if (HEADED.has(type) && (facts.introduced === null || facts.os.length === 0)) {
    fail(`${type}.${name}: its README has no ⭐ or 💻 line above the first section`);
  }
  return facts;
}

function catalogue(dir) {
  const plugins = [];
  for (const type of TYPES) {
    for (const name of registeredNames(dir, type)) {
      const readme = join(dir, 'plugins', type, name, 'README.md');
      const facts = existsSync(readme) ? headerFacts(readFileSync(readme, 'utf8'), type, name) : null;
      if (facts === null && HEADED.has(type)) fail(`${readme} is missing`);
      plugins.push({
        type,
        name,
        ...(facts ?? { introduced: null, deprecated: null, removal: null, tags: [], os: [] }),
      });
    }
  }
  return plugins;
}

const literal = (value) => JSON.stringify(value).replaceAll('"', "'");

/** One row per plugin: name, introduced, OS and tags as the README writes them, then deprecated and removal if any. */
function row({ name, introduced, deprecated, removal, tags, os }) {
  const cells = [name, introduced, os.join(', '), tags.join(', ')];
  if (deprecated !== null || removal !== null) cells.push(deprecated, removal);
  return `  [${cells.map(literal).join(', ')}],`;
}

function render({ origin, version }, plugins) {
  const rows = TYPES.flatMap((type) => [
    `  ${type}: [`,
    ...plugins.filter((plugin) => plugin.type === type).map((plugin) => `  ${row(plugin)}`),
    '  ],',
  ]);
  return [
    '/**',
    ' * GENERATED by `node scripts/generate-plugin-catalogue.mjs` (ADR 9): do not edit. Read from',
    ` * ${origin}.`,
    ' *',
    ' * Every plugin a default Telegraf build registers (imported by `plugins/<type>/all/*.go`), with the facts of its',
    " * README's header lines: the release that introduced it (and deprecated it, and removes it), the operating",
    ' * systems it runs on and its tags. The READMEs of parsers and serializers state none.',
    ' */',
    "import type { Plugin, PluginType } from '@telegraf-controller/contract/plugins';",
    '',
    '/** The Telegraf release the catalogue describes. */',
    `export const CATALOGUE_TELEGRAF_VERSION = ${literal(version)};`,
    '',
    '/** name, introduced, OS and tags (comma-separated), then deprecated and removal when the README states them. */',
    'type Row = readonly [string, string | null, string, string, (string | null)?, (string | null)?];',
    '',
    'const ROWS: Readonly<Record<PluginType, readonly Row[]>> = {',
    ...rows,
    '};',
    '',
    "const list = (text: string): string[] => (text === '' ? [] : text.split(', '));",
    '',
    '/** A row of the table as a plugin of the type. */',
    'const plugin =',
    '  (type: PluginType) =>',
    '  ([name, introduced, os, tags, deprecated = null, removal = null]: Row): Plugin => ({',
    '    type,',
    '    name,',
    '    introduced,',
    '    deprecated,',
    '    removal,',
    '    os: list(os),',
    '    tags: list(tags),',
    '  });',
    '',
    '/** Ordered by type, then name. */',
    'export const PLUGIN_CATALOGUE: readonly Plugin[] = [',
    ...TYPES.map((type) => `  ...ROWS.${type}.map(plugin(${literal(type)})),`),
    '];',
    '',
  ].join('\n');
}

const source = locateSource(process.argv[2]);
const plugins = catalogue(source.dir);
const options = await prettier.resolveConfig(OUTPUT);
writeFileSync(OUTPUT, await prettier.format(render(source, plugins), { ...options, filepath: OUTPUT }));
console.log(`wrote ${plugins.length} plugins of Telegraf ${source.version} to ${OUTPUT}`);
