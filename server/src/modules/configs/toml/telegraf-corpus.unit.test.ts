import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeTelegraf } from '../../../../test/telegraf-shared.js';
import { validateConfig } from './validate-config.js';

const confsIn = (telegraf: URL, folder: string): string[] =>
  readdirSync(new URL(`${folder}/`, telegraf))
    .filter((name) => name.endsWith('.conf'))
    .sort();

/**
 * The only plugins in the samples that the plugin catalogue's release (Telegraf 1.39.3) does not register: the
 * samples come from a later commit, which added `outputs.zerobus`.
 */
const UNREGISTERED: Readonly<Record<string, string>> = {
  'inputs.example.conf': 'undefined but requested input: example',
  'outputs.zerobus.conf': 'undefined but requested output: zerobus',
};

describeTelegraf("Telegraf's plugin sample configs", (telegraf) => {
  const samples = confsIn(telegraf, 'sample-confs');

  it('are all there', () => {
    expect(samples).toHaveLength(364);
  });

  for (const file of samples) {
    it(`${file} is valid, with a warning only for an unregistered plugin (and literal credentials)`, () => {
      const result = validateConfig(readFileSync(new URL(`sample-confs/${file}`, telegraf), 'utf8'));
      expect(result.errors).toEqual([]);
      // The samples hold example passwords as literals: those advisory warnings are not what this checks.
      const warnings = result.warnings.filter((warning) => warning.rule !== 'literal-credential');
      expect(warnings.map(({ message }) => message)).toEqual(
        UNREGISTERED[file] === undefined ? [] : [UNREGISTERED[file]],
      );
    });
  }
});

describeTelegraf("Telegraf's example configs", (telegraf) => {
  for (const file of confsIn(telegraf, 'example-confs')) {
    it(`${file} is valid`, () => {
      const result = validateConfig(readFileSync(new URL(`example-confs/${file}`, telegraf), 'utf8'));
      expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
    });
  }
});
