import { describe, expect, it } from 'vitest';
import { checkConfigStructure } from './config-structure.js';
import { parseTelegrafToml } from './telegraf-toml.js';

function structureOf(text: string) {
  const parsed = parseTelegrafToml(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return checkConfigStructure(parsed.document, parsed.origins);
}

describe("Telegraf's structural rules", () => {
  it('accepts the top-level tables Telegraf knows, in both plugin forms where allowed', () => {
    const text = [
      '[global_tags]\n  dc = "x"',
      '[tags]',
      '[agent]\n  interval = "10s"',
      '[inputs.cpu]',
      '[[inputs.mem]]',
      '[[plugins.disk]]',
      '[outputs.file]',
      '[[outputs.heartbeat]]',
      '[[processors.rename]]',
      '[[aggregators.minmax]]',
      '[[secretstores.os]]\n  id = "s"',
    ].join('\n');
    expect(structureOf(text)).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a secret store without a string id of word characters, as Telegraf does before any plugin lookup', () => {
    const messages = (text: string) => structureOf(text).errors.map((error) => error.message);
    expect(messages('[[secretstores.os]]\n  id = 12\n')).toEqual(['error parsing os, "os" secret store without ID']);
    expect(messages('[[secretstores.jose]]\n')).toEqual(['error parsing jose, "jose" secret store without ID']);
    expect(messages('[[secretstores.os]]\n  id = "my.store"\n')).toEqual([
      'error parsing os, invalid secret store ID "my.store", must only contain letters, numbers or underscore',
    ]);
    expect(messages('[[secretstores.os]]\n  id = "store_1"\n')).toEqual([]);
  });

  it('refuses a key/value at the top level, at the line of the key', () => {
    expect(structureOf('[[inputs.cpu]]\n\n[agent]\n').errors).toEqual([]);
    expect(structureOf('# header\n  debug = true\n[[inputs.cpu]]').errors).toEqual([
      { line: 2, column: 3, message: 'invalid configuration, error parsing field "debug" as table', rule: 'structure' },
    ]);
  });

  it('refuses an array of tables at the top level', () => {
    expect(structureOf('[[inputs]]\n  x = 1').errors).toEqual([
      {
        line: 1,
        column: 1,
        message: 'invalid configuration, error parsing field "inputs" as table',
        rule: 'structure',
      },
    ]);
  });

  it("uses Telegraf's own messages for agent and tags that are not tables", () => {
    expect(structureOf('agent = 1\ntags = "x"').errors.map(({ message }) => message)).toEqual([
      'invalid configuration, error parsing agent table',
      'invalid configuration, bad table name "tags"',
    ]);
  });

  it('requires [[…]] for processors, aggregators and secret stores, at the table header', () => {
    const text = '[processors.rename]\n[aggregators.minmax]\n  period = "30s"\n[secretstores.os]\n  id = "x"';
    expect(structureOf(text).errors).toEqual([
      { line: 1, column: 1, message: 'unsupported config format: rename', rule: 'structure' },
      { line: 2, column: 1, message: 'unsupported config format: minmax', rule: 'structure' },
      { line: 4, column: 1, message: 'unsupported config format: os', rule: 'structure' },
    ]);
  });

  it('refuses a plain value where a plugin table belongs', () => {
    expect(structureOf('[inputs]\n  cpu = true').errors).toEqual([
      { line: 2, column: 3, message: 'unsupported config format: cpu', rule: 'structure' },
    ]);
  });

  it('warns, without failing, about plugins Telegraf does not register', () => {
    const text =
      '[[inputs.example]]\n[[processors.nothing]]\n[[outputs.nowhere]]\n[[aggregators.x]]\n[[secretstores.y]]\n  id = "y"';
    const findings = structureOf(text);
    expect(findings.errors).toEqual([]);
    expect(findings.warnings).toEqual([
      { line: 1, column: 1, message: 'undefined but requested input: example', rule: 'unknown-plugin' },
      { line: 2, column: 1, message: 'undefined but requested processor: nothing', rule: 'unknown-plugin' },
      { line: 3, column: 1, message: 'undefined but requested output: nowhere', rule: 'unknown-plugin' },
      { line: 4, column: 1, message: 'undefined but requested aggregator: x', rule: 'unknown-plugin' },
      { line: 5, column: 1, message: 'undefined but requested secretstores: y', rule: 'unknown-plugin' },
    ]);
  });

  it('warns about a plugin the catalogue marks as deprecated, naming the releases that deprecate and remove it', () => {
    // Facts of Telegraf 1.39.3 (plugin-catalogue.ts): a regenerated catalogue may need other examples here.
    expect(structureOf('[[inputs.aerospike]]\n[aerospike]\n[[outputs.amon]]\n[[inputs.cpu]]')).toEqual({
      errors: [],
      warnings: [
        {
          line: 1,
          column: 1,
          message: 'plugin inputs.aerospike is deprecated since Telegraf 1.30.0 and will be removed in 1.40.0',
          rule: 'deprecated-plugin',
        },
        {
          line: 2,
          column: 1,
          message: 'plugin inputs.aerospike is deprecated since Telegraf 1.30.0 and will be removed in 1.40.0',
          rule: 'deprecated-plugin',
        },
        {
          line: 3,
          column: 1,
          message: 'plugin outputs.amon is deprecated since Telegraf 1.37.0 and will be removed in 1.40.0',
          rule: 'deprecated-plugin',
        },
      ],
    });
  });

  it('treats any other top-level table as a legacy input named after it', () => {
    expect(structureOf('[cpu]\n  percpu = true\n[mystery]')).toEqual({
      errors: [],
      warnings: [{ line: 3, column: 1, message: 'undefined but requested input: mystery', rule: 'unknown-plugin' }],
    });
  });

  it('places findings for plugins declared through inline tables at their key', () => {
    expect(structureOf('[inputs]\n  nope = { a = 1 }').warnings).toEqual([
      { line: 2, column: 3, message: 'undefined but requested input: nope', rule: 'unknown-plugin' },
    ]);
  });
});
