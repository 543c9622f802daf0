import { describe, expect, it } from 'vitest';
import { validateConfig } from './validate-config.js';

const HEARTBEAT = [
  '# Reports this agent to Telegraf Controller (Telegraf 1.37 or later).',
  '[[outputs.heartbeat]]',
  '  url = "http://controller:8086/agents/heartbeat"',
  '  instance_id = "&{agent_id}"',
  '  token = "${TELEGRAF_CONTROLLER_TOKEN}"',
  '  interval = "::{heartbeat_interval}"',
  '',
  '  [outputs.heartbeat.status]',
  '    default = "ok"',
  '',
  '[[inputs.cpu]]',
  '  percpu = &{percpu:true}',
  '[[secretstores.os]]',
  '  id = "local"',
  '[[inputs.http]]',
  '  urls = ["&{db_host:https://localhost:8181}"]',
  '  password = "@{local:db_password}"',
].join('\n');

describe('validating a configuration template', () => {
  it('accepts a template with every kind of placeholder and summarizes them', () => {
    expect(validateConfig(HEARTBEAT)).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      placeholders: {
        parameters: [
          { name: 'agent_id' },
          { name: 'percpu', default: 'true' },
          { name: 'db_host', default: 'https://localhost:8181' },
        ],
        constants: ['heartbeat_interval'],
        envVars: ['TELEGRAF_CONTROLLER_TOKEN'],
        secrets: ['local:db_password'],
      },
    });
  });

  it('reports a syntax error with Telegraf’s message at the offending character', () => {
    const result = validateConfig('[[inputs.cpu]]\n  percpu = tru\n');
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ line: 2, column: 12, message: 'line 2: invalid TOML syntax', rule: 'syntax' }]);
  });

  it('keeps positions of later errors right after neutralizing long placeholders', () => {
    const result = validateConfig('a = "&{a_rather_long_parameter:with a default}" b = 1');
    expect(result.errors).toEqual([expect.objectContaining({ line: 1, column: 49, rule: 'syntax' })]);
  });

  it('explains valid TOML 1.0 that Telegraf refuses as telegraf-syntax', () => {
    const [error] = validateConfig('[agent]\n  flush.interval = "10s"').errors;
    expect(error).toMatchObject({ line: 2, column: 8, rule: 'telegraf-syntax' });
    expect(error?.message).toMatch(/^line 2: invalid TOML syntax \(Telegraf does not accept dotted keys/);
  });

  it.each([
    ['a = 0x1F', 'decimal integers only'],
    ['a = nan', 'inf or nan'],
    ['a = 2024-01-01 10:00:00', 'upper-case T'],
    ["'key' = 1", "'single-quoted' keys"],
    ['a = "tab\there"', 'raw tab'],
    ['a = """say "hi" """', '\\"'],
    ['a = "x\\/y"', '\\/ escape'],
  ])('explains why Telegraf refuses %j', (text, hint) => {
    const [error] = validateConfig(text).errors;
    expect(error?.rule).toBe('telegraf-syntax');
    expect(error?.message).toContain(hint);
  });

  it('points out an unquoted environment variable, which only non-strict mode would replace', () => {
    const [error] = validateConfig('[[inputs.x]]\n  port = ${PORT}').errors;
    expect(error).toMatchObject({ rule: 'syntax', message: expect.stringContaining('inside "quoted strings"') });
  });

  it('accepts an unquoted numeric parameter, which the served TOML resolves', () => {
    expect(validateConfig('[[inputs.cpu]]\n  percpu = &{percpu}').valid).toBe(true);
  });

  it('reports malformed placeholders next to syntax errors', () => {
    const result = validateConfig('a = "&{unclosed"\nb = "::{bad-name}"\nc = ');
    expect(result.errors.map(({ line, rule }) => [line, rule])).toEqual([
      [1, 'placeholder'],
      [2, 'placeholder'],
      [3, 'syntax'],
    ]);
  });

  it('reports a default that could never be served where it is written', () => {
    const result = validateConfig('[[inputs.x]]\n  port = &{port:eighty}\n  retries = &{retries:3}');
    expect(result.errors).toEqual([
      {
        line: 2,
        column: 10,
        message:
          'the default of parameter "port" cannot be served here: an unquoted value must be a TOML integer, float, true or false',
        rule: 'placeholder',
      },
    ]);
  });

  it('reports structural errors and unknown plugins only once the text parses', () => {
    const result = validateConfig('debug = true\n[[processors.nonexistent]]\n[processors.rename]\n[[inputs.cpu]]');
    expect(result.errors.map(({ message }) => message)).toEqual([
      'invalid configuration, error parsing field "debug" as table',
      'unsupported config format: rename',
    ]);
    expect(result.warnings.map(({ message }) => message)).toEqual(['undefined but requested processor: nonexistent']);
  });

  it('keeps every message within the contract’s length', () => {
    const result = validateConfig(`"${'k'.repeat(5000)}" = 1\n"${'k'.repeat(5000)}" = 2`);
    expect(result.errors[0]?.message.length).toBeLessThanOrEqual(1000);
  });
});
