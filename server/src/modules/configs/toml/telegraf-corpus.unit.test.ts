import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from './validate-config.js';

/** `shared/` sits beside the clone, here and in CI: /work/main/server/src/modules/configs/toml → /work/shared. */
const telegraf = new URL('../../../../../../shared/telegraf/', import.meta.url);

function confsIn(folder: string): string[] {
  const directory = new URL(`${folder}/`, telegraf);
  if (!existsSync(directory)) {
    throw new Error(
      `Telegraf's ${folder} are missing: expected them in ${directory.pathname} (shared/ beside the clone)`,
    );
  }
  return readdirSync(directory)
    .filter((name) => name.endsWith('.conf'))
    .sort();
}

/** The only plugins in the samples that a default Telegraf build does not register. */
const UNREGISTERED: Readonly<Record<string, string>> = {
  'inputs.example.conf': 'undefined but requested input: example',
  'processors.timestamp.conf': 'undefined but requested processor: timestamp',
};

describe("Telegraf's plugin sample configs", () => {
  const samples = confsIn('sample-confs');

  it('are all there', () => {
    expect(samples).toHaveLength(364);
  });

  for (const file of samples) {
    it(`${file} is valid, with a warning only for an unregistered plugin`, () => {
      const result = validateConfig(readFileSync(new URL(`sample-confs/${file}`, telegraf), 'utf8'));
      expect(result.errors).toEqual([]);
      expect(result.warnings.map(({ message }) => message)).toEqual(
        UNREGISTERED[file] === undefined ? [] : [UNREGISTERED[file]],
      );
    });
  }
});

describe("Telegraf's example configs", () => {
  for (const file of confsIn('example-confs')) {
    it(`${file} is valid`, () => {
      const result = validateConfig(readFileSync(new URL(`example-confs/${file}`, telegraf), 'utf8'));
      expect(result).toMatchObject({ valid: true, errors: [], warnings: [] });
    });
  }
});
