import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { inProbeNotation } from '../../../../test/toml-notation.js';
import { describeTelegraf } from '../../../../test/telegraf-shared.js';
import { parseTelegrafToml } from './telegraf-toml.js';

interface ProbeExpectation {
  file: string;
  result: 'OK' | 'FAIL';
  error?: string;
  ast?: unknown;
}

describeTelegraf("Telegraf's verdict on every TOML probe", (telegraf) => {
  const probes = new URL('toml-probes/', telegraf);
  const expected = JSON.parse(readFileSync(new URL('EXPECTATIONS.json', probes), 'utf8')) as {
    results: ProbeExpectation[];
  };
  for (const probe of expected.results) {
    it(`${probe.file} is ${probe.result === 'OK' ? 'accepted' : `rejected with "${probe.error}"`}`, () => {
      const result = parseTelegrafToml(readFileSync(new URL(probe.file, probes), 'utf8'));
      if (probe.result === 'FAIL') {
        expect(result.ok ? 'accepted' : result.error.message).toBe(probe.error);
      } else {
        expect(result.ok ? inProbeNotation(result.document) : result.error.message).toEqual(probe.ast);
      }
    });
  }
});
