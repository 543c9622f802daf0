import type { ValidationResult } from '@telegraf-controller/contract/toml';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TELEGRAF_PLUGINS } from '../../../scripts/lib/telegraf-binary.mjs';
import { random } from '../../../scripts/lib/fleet.mjs';
import { createTestApp, engine } from '../harness.js';
import { team } from '../factories.js';
import { describeTelegraf } from '../telegraf-shared.js';
import { agentDirectory, describeInterop } from './telegraf-agent.js';
import { EXPECTED_DISAGREEMENTS, mutationsOf, type Verdict } from './validator-corpus.js';

/** Telegraf's verdict: `config check` with strict environment handling, the way a loading agent parses. */
function telegrafVerdict(telegraf: string, file: string): { verdict: Verdict; message: string } {
  const run = spawnSync(telegraf, ['config', 'check', '--strict-env-handling', '--config', file], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  const message = (run.stderr + run.stdout).split('\n').find((line) => line.includes(' E! ')) ?? '';
  if (run.status === 0) return { verdict: 'accepted', message };
  if (/error parsing data: line \d+/.test(message)) return { verdict: 'syntax', message };
  const undefinedPlugin = /undefined but requested (\w+): (\S+)/.exec(message);
  if (undefinedPlugin) {
    const type = { input: 'inputs', output: 'outputs', processor: 'processors', aggregator: 'aggregators' }[
      undefinedPlugin[1]!
    ];
    if (!TELEGRAF_PLUGINS.includes(`${type}.${undefinedPlugin[2]}`)) return { verdict: 'not-built', message };
  }
  return { verdict: 'refused', message };
}

describeInterop(`our validator against the real Telegraf's verdict (${engine})`, (telegraf) => {
  describeTelegraf('on the corpus of Telegraf samples and probes', (shared) => corpusAgreement(telegraf, shared));
});

function corpusAgreement(telegraf: string, shared: URL): void {
  it('agrees on the sample configurations, the probes and mutations of them; every difference is an expected one', async () => {
    const { app, database } = await createTestApp();
    const members = await team(app, database);
    const corpus: Array<{ name: string; text: string }> = [];
    for (const folder of ['sample-confs', 'toml-probes']) {
      const dir = new URL(`${folder}/`, shared);
      for (const file of readdirSync(dir).sort()) {
        corpus.push({ name: `${folder}/${file}`, text: readFileSync(new URL(file, dir), 'utf8') });
      }
    }
    const next = random(20261204);
    const originals = [...corpus];
    for (const { name, text } of originals) {
      for (const mutation of mutationsOf(text, next))
        corpus.push({ name: `${name} (${mutation.kind})`, text: mutation.text });
    }

    const dir = agentDirectory();
    const counts = { compared: 0, agreed: 0, notBuilt: 0 };
    const differences: string[] = [];
    for (const [index, { name, text }] of corpus.entries()) {
      const file = join(dir, `case-${index}.conf`);
      writeFileSync(file, text);
      const theirs = telegrafVerdict(telegraf, file);
      const response = await app.inject({
        method: 'POST',
        url: '/api/configs/validate',
        headers: members.viewer.headers,
        payload: { toml: text },
      });
      expect(response.statusCode, name).toBe(200);
      const result = response.json() as ValidationResult;
      const ours: Verdict = result.valid
        ? 'accepted'
        : result.errors.some((e) => e.rule === 'syntax' || e.rule === 'telegraf-syntax')
          ? 'syntax'
          : 'refused';
      // A plugin this build lacks stops Telegraf after parsing: only the parse verdict can be compared.
      // Otherwise what matters is the one thing an agent notices: whether it loads.
      const agreed =
        theirs.verdict === 'not-built' ? ours !== 'syntax' : (theirs.verdict === 'accepted') === (ours === 'accepted');
      if (theirs.verdict === 'not-built') counts.notBuilt += 1;
      counts.compared += 1;
      if (agreed) counts.agreed += 1;
      else
        differences.push(
          `${name}: Telegraf ${theirs.verdict} (${theirs.message.replace(/^.* E! /, '')}), ours ${ours}`,
        );
    }
    const unexpected = differences.filter((line) => !EXPECTED_DISAGREEMENTS.some((known) => known.test(line)));
    // The figure the README reports.
    process.stdout.write(
      `[interop] validator agreement: ${counts.agreed}/${counts.compared} cases ` +
        `(${counts.notBuilt} compared on parsing only: plugins not in the test build); ` +
        `${differences.length} expected differences\n`,
    );
    expect(unexpected).toEqual([]);
    expect(counts.compared).toBeGreaterThan(400);
  }, 600_000);
}
