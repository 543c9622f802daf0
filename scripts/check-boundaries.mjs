#!/usr/bin/env node
// The dependency rules of `npm run check` (docs/adr/0016): which server file may import which. Every import, export
// and dynamic import specifier is read with TypeScript's own pre-processor; each offending one is printed with the
// rule it breaks, and the exit code is 1 when there is any.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const serverSrc = join(root, 'server', 'src');

const moduleOf = (file) => /^server\/src\/modules\/([^/]+)\//.exec(file)?.[1];
const isRepo = (file) => /^server\/src\/modules\/[^/]+\/[^/]+\.repo\.ts$/.test(file);

/** Each rule: a name, why, and whether an import from `from` of `to` (both repository-relative) breaks it. */
const RULES = [
  {
    name: 'no-foreign-repo',
    why: "a module reaches another module's data through that module's service or read model, never its repo",
    breaks: (from, to) => isRepo(to) && moduleOf(from) !== undefined && moduleOf(from) !== moduleOf(to),
  },
  {
    name: 'no-repo-in-routes',
    why: 'calls go routes → service → repo: a route never touches a repo',
    breaks: (from, to) => from.endsWith('.routes.ts') && isRepo(to),
  },
  {
    name: 'lib-imports-no-module',
    why: 'lib/ holds small pure helpers that import nothing from modules/',
    breaks: (from, to) => from.startsWith('server/src/lib/') && to.startsWith('server/src/modules/'),
  },
];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const posix = (path) => relative(root, path).split(sep).join('/');

/** A relative specifier to the repository-relative .ts file it names (`./x.js` is `./x.ts` compiled). */
const target = (file, specifier) =>
  posix(resolve(dirname(file), specifier)).replace(/\.(m?)js$/, (_match, m) => `.${m}ts`);

const offences = [];
for (const file of sourceFiles(serverSrc)) {
  const text = readFileSync(file, 'utf8');
  const from = posix(file);
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    if (!imported.fileName.startsWith('.')) continue;
    const to = target(file, imported.fileName);
    const line = text.slice(0, imported.pos).split('\n').length;
    for (const rule of RULES) {
      if (rule.breaks(from, to)) offences.push({ rule, where: `${from}:${line}`, specifier: imported.fileName });
    }
  }
}

if (offences.length === 0) {
  console.log(`check-boundaries: ${RULES.map((rule) => rule.name).join(', ')} hold`);
} else {
  for (const rule of RULES) {
    const broken = offences.filter((offence) => offence.rule === rule);
    if (broken.length === 0) continue;
    console.error(`${rule.name}: ${rule.why}`);
    for (const { where, specifier } of broken) console.error(`  ${where} imports '${specifier}'`);
  }
  process.exitCode = 1;
}
